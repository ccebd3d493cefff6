package org.mdmenroll.bench.connect;

import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.BenchTenant;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.seed.EventStoreSeeder;
import org.mdmenroll.bench.seed.ManagedDevices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Grows the connect scenario's tenant with managed devices that already connected once
 * ({@link ManagedDevices}): their events go into the event store with JDBC batches (query side
 * stopped, as for every seeding) and the command side's lookup rows that its subscribing handlers
 * would have written with them go in alongside: the user, the device entry (ACTIVE), its UDID and
 * serial, its identity certificate, SCEP challenge and push channel. The tenant CA never issued
 * those certificates (its key is sealed in the service), so seeded devices cannot connect; they are
 * what the connecting devices' lookups and the event store have to search through.
 */
final class ManagedDeviceSeeder {

    private static final int BATCH = 500;

    private final BenchDatabase database;
    private final EventStoreSeeder events;
    private final BenchTenant tenant;
    private final ManagedDevices devices;
    private final String pushTopic;

    ManagedDeviceSeeder(BenchDatabase database, EventStoreSeeder events, BenchTenant tenant, String pushTopic) {
        this.database = database;
        this.events = events;
        this.tenant = tenant;
        this.pushTopic = pushTopic;
        this.devices = new ManagedDevices(15, Instant.now().minus(Duration.ofDays(300)), tenant.tenantId(),
                tenant.slug(), tenant.slug() + "-admin", pushTopic);
    }

    /** Seeds {@code count} managed devices into the tenant. */
    void seed(long count) throws Exception {
        if (count <= 0) {
            return;
        }
        events.withQuerySideStopped(() -> {
            try (Progress progress = Progress.start("seeding " + count + " managed devices (events)", "events",
                    count * ManagedDevices.EVENTS_PER_DEVICE);
                 LookupRows lookups = new LookupRows(database.connectForBatches(), tenant.tenantId(),
                         pushTopic)) {
                events.insert("eventstore.domainevententry", progress,
                        sink -> devices.generate(count, sink, lookups::add));
            }
        });
        for (String table : LookupRows.TABLES) {
            database.execute("analyze command_side." + table);
        }
    }

    /** The lookup rows of seeded devices, written in batches on a connection of their own. */
    private static final class LookupRows implements AutoCloseable {

        static final List<String> TABLES = List.of("user_directory", "device_entry", "device_identifier",
                "identity_certificate", "scep_challenge", "mdm_push_channel");

        private final Connection connection;
        private final UUID tenantId;
        private final String topic;
        private final List<PreparedStatement> statements = new ArrayList<>();
        private final PreparedStatement user;
        private final PreparedStatement entry;
        private final PreparedStatement identifier;
        private final PreparedStatement certificate;
        private final PreparedStatement challenge;
        private final PreparedStatement pushChannel;
        private int pending;

        LookupRows(Connection connection, UUID tenantId, String topic) throws SQLException {
            this.connection = connection;
            this.tenantId = tenantId;
            this.topic = topic;
            connection.setAutoCommit(false);
            user = prepare("insert into command_side.user_directory (user_id, tenant_id, email, display_name)"
                    + " values (?, ?, ?, ?)");
            entry = prepare("insert into command_side.device_entry (device_id, tenant_id, user_id, platform,"
                    + " os_version, status, started_at) values (?, ?, ?, ?, ?, 'ACTIVE', ?)");
            identifier = prepare("insert into command_side.device_identifier (tenant_id, kind, value, device_id)"
                    + " values (?, ?, ?, ?)");
            certificate = prepare("insert into command_side.identity_certificate (fingerprint, tenant_id,"
                    + " serial_number, device_id, not_after) values (?, ?, ?, ?, ?)");
            challenge = prepare("insert into command_side.scep_challenge (challenge_hash, tenant_id, device_id,"
                    + " profile_id) values (?, ?, ?, ?)");
            pushChannel = prepare("insert into command_side.mdm_push_channel (device_id, tenant_id, topic,"
                    + " sealed_token, sealed_push_magic) values (?, ?, ?, ?, ?)");
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            statements.add(statement);
            return statement;
        }

        void add(ManagedDevices.Device device) {
            try {
                rows(user, device.userId(), tenantId, device.email(), "Seeded user " + device.email());
                rows(entry, device.deviceId(), tenantId, device.userId(), device.platform().name(),
                        device.osVersion(), Timestamp.from(device.startedAt()));
                rows(identifier, tenantId, "udid", device.udid(), device.deviceId());
                rows(identifier, tenantId, "serial", device.serial(), device.deviceId());
                rows(certificate, device.fingerprint(), tenantId, device.certificateSerial(), device.deviceId(),
                        Timestamp.from(device.certificateNotAfter()));
                rows(challenge, device.challengeHash(), tenantId, device.deviceId(), device.profileId());
                rows(pushChannel, device.deviceId(), tenantId, topic, device.sealedToken(), device.sealedPushMagic());
                if (++pending == BATCH) {
                    flush();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void rows(PreparedStatement statement, Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.addBatch();
        }

        private void flush() throws SQLException {
            for (PreparedStatement statement : statements) {
                statement.executeBatch();
            }
            connection.commit();
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                connection.close();
            }
        }
    }
}
