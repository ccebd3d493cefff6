package org.mdmenroll.bench.connect;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Selector;
import org.mdmenroll.bench.BenchDatabase;
import org.mdmenroll.bench.Latencies;
import org.mdmenroll.bench.Parallel;
import org.mdmenroll.bench.Progress;
import org.mdmenroll.bench.enrollment.SimulatedDevice;
import org.mdmenroll.bench.seed.StoredEvent;
import org.mdmenroll.support.testing.apple.ConnectPlists;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The raw ceiling for a connect: the same three calls done by hand with JDBC, no HTTP, no Axon.
 * Each call is one transaction: the device's body is signed as the device signs it, then the
 * detached CMS signature is verified with Bouncy Castle and the certificate against the tenant CA,
 * the device is found by the certificate's fingerprint in a table of as many identity certificates
 * as the tenant has enrolled devices, its next command is read from a queue table (two rows per
 * device, as enrollment leaves them) and marked sent or done, and the events the service wrote for
 * that call are appended (the very rows one connected device got, so as wide as the real ones) to
 * a table shaped and indexed like the event store. Same devices, same concurrency.
 */
final class ConnectBaseline {

    /** What the baseline measured: connects/s, each call's latency, its CPU and what it wrote. */
    record Figures(double connectsPerSecond, Map<String, Latencies> latencies, double harnessCpuSeconds,
                   TableWrites writes, double seconds) {
    }

    private static final String EVENTS = "bench.connect_events";

    private ConnectBaseline() {
    }

    /**
     * Runs one connect per device. {@code calls} are the event rows each call appends (the service's
     * own rows of one connect, split by call); {@code enrolled} sizes the identity table.
     */
    static Figures run(BenchDatabase database, List<SimulatedDevice> devices, X509Certificate ca, UUID tenantId,
            long enrolled, List<List<StoredEvent>> calls, int concurrency) throws Exception {
        setUp(database, devices, tenantId, enrolled);
        Map<String, Latencies> latencies = new LinkedHashMap<>();
        DeviceConnect.CALLS.forEach(call -> latencies.put(call, new Latencies()));
        Connection[] connections = new Connection[concurrency];
        for (int i = 0; i < concurrency; i++) {
            connections[i] = database.connect();
            connections[i].setAutoCommit(false);
        }
        ThreadLocal<Connection> mine = new ThreadLocal<>();
        java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
        TableWrites before = TableWrites.snapshot(database, "bench");
        double cpuBefore = ConnectScenario.harnessCpuSeconds();
        double seconds;
        try (Progress progress = Progress.start("connect baseline: verify, look up, queue and events through JDBC",
                "connects", devices.size())) {
            long started = System.nanoTime();
            Exception failure = Parallel.run(devices.size(), concurrency, progress, i -> {
                Connection connection = mine.get();
                if (connection == null) {
                    connection = connections[handedOut.getAndIncrement()];
                    mine.set(connection);
                }
                connect(connection, devices.get(i), ca, tenantId, calls, latencies);
            });
            seconds = (System.nanoTime() - started) / 1e9;
            if (failure != null) {
                throw failure;
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        double cpu = ConnectScenario.harnessCpuSeconds() - cpuBefore;
        TableWrites writes = TableWrites.snapshot(database, "bench").since(before);
        for (String table : List.of(EVENTS, "bench.connect_queue", "bench.connect_identity")) {
            database.execute("drop table " + table);
        }
        return new Figures(devices.size() / seconds, latencies, cpu, writes, seconds);
    }

    /** The identity certificates (the devices' own and one per other enrolled device), the queue, the empty store. */
    private static void setUp(BenchDatabase database, List<SimulatedDevice> devices, UUID tenantId, long enrolled)
            throws Exception {
        database.execute("create schema if not exists bench");
        for (String table : List.of(EVENTS, "bench.connect_queue", "bench.connect_identity")) {
            database.execute("drop table if exists " + table);
        }
        database.execute("""
                create table bench.connect_identity (
                    fingerprint char(64) primary key, tenant_id uuid not null, device_id uuid not null,
                    not_after timestamptz not null, replaced boolean not null default false)""");
        database.execute("create index on bench.connect_identity (device_id)");
        database.execute("""
                create table bench.connect_queue (
                    device_id uuid not null, command_uuid varchar(36) not null, request_type varchar(64) not null,
                    position int not null, sent int not null default 0, done boolean not null default false,
                    sealed_command text not null, primary key (device_id, command_uuid))""");
        database.execute("""
                create table bench.connect_events (
                    globalindex bigserial primary key, eventidentifier varchar(255) not null unique,
                    aggregateidentifier varchar(255) not null, sequencenumber bigint not null,
                    type varchar(255), timestamp varchar(255) not null, payloadtype varchar(255) not null,
                    payloadrevision varchar(255), payload bytea not null, metadata bytea,
                    unique (aggregateidentifier, sequencenumber))""");
        try (Connection connection = database.connectForBatches();
             PreparedStatement identity = connection.prepareStatement(
                     "insert into bench.connect_identity (fingerprint, tenant_id, device_id, not_after)"
                             + " values (?, ?, ?::uuid, now() + interval '365 days')");
             PreparedStatement queue = connection.prepareStatement(
                     "insert into bench.connect_queue (device_id, command_uuid, request_type, position, sealed_command)"
                             + " values (?::uuid, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            String sealed = "v1:" + Base64.getEncoder().encodeToString(new byte[900]);
            for (SimulatedDevice device : devices) {
                identity.setString(1, fingerprint(device.identity().certificate()));
                identity.setObject(2, tenantId);
                identity.setString(3, device.deviceId());
                identity.addBatch();
                int position = 0;
                for (String requestType : List.of("DeviceInformation", "SecurityInfo")) {
                    queue.setString(1, device.deviceId());
                    queue.setString(2, UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT));
                    queue.setString(3, requestType);
                    queue.setInt(4, position++);
                    queue.setString(5, sealed);
                    queue.addBatch();
                }
            }
            identity.executeBatch();
            queue.executeBatch();
            connection.commit();
        }
        long others = Math.max(0, enrolled - devices.size());
        database.execute("""
                insert into bench.connect_identity (fingerprint, tenant_id, device_id, not_after)
                select encode(sha256(('seeded-' || i)::bytea), 'hex'), '%s', md5('d' || i)::uuid,
                       now() + interval '365 days'
                from generate_series(1, %d) i""".formatted(tenantId, others));
        database.execute("analyze bench.connect_identity");
        database.execute("analyze bench.connect_queue");
    }

    /** One device's connect: Idle, the DeviceInformation answer, the SecurityInfo answer. */
    private static void connect(Connection connection, SimulatedDevice device, X509Certificate ca, UUID tenantId,
            List<List<StoredEvent>> calls, Map<String, Latencies> latencies) throws Exception {
        long[] sequence = {0};
        String[] answered = {null};
        List<Function<String, byte[]>> bodies = List.of(
                uuid -> ConnectPlists.idle(device.udid()),
                uuid -> ConnectPlists.deviceInformation(device.udid(), uuid, device.serial()),
                uuid -> ConnectPlists.securityInfo(device.udid(), uuid));
        for (int call = 0; call < bodies.size(); call++) {
            byte[] body = bodies.get(call).apply(answered[0]);
            String signature = device.identity().sign(body);
            long start = System.nanoTime();
            X509Certificate signer = verify(signature, body);
            signer.verify(ca.getPublicKey());
            signer.checkValidity();
            UUID deviceId = deviceOf(connection, tenantId, fingerprint(signer));
            if (answered[0] != null) {
                update(connection, "update bench.connect_queue set done = true"
                        + " where device_id = ? and command_uuid = ? and not done", deviceId, answered[0]);
            }
            answered[0] = next(connection, deviceId);
            if (answered[0] != null) {
                update(connection, "update bench.connect_queue set sent = sent + 1"
                        + " where device_id = ? and command_uuid = ?", deviceId, answered[0]);
            }
            append(connection, device.deviceId(), sequence, calls.get(call));
            connection.commit();
            latencies.get(DeviceConnect.CALLS.get(call)).record(System.nanoTime() - start);
        }
        if (answered[0] != null) {
            throw new IllegalStateException("the baseline's queue still has " + answered[0]);
        }
    }

    /** What {@code CheckInSignatures} does: one signer, its certificate in the signature, the signature over the body. */
    private static X509Certificate verify(String signature, byte[] body) throws Exception {
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(body),
                Base64.getMimeDecoder().decode(signature));
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates()
                .getMatches((Selector<X509CertificateHolder>) (Selector<?>) signer.getSID());
        X509CertificateHolder holder = matches.iterator().next();
        if (signers.size() != 1 || !signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
            throw new IllegalStateException("the signature does not verify");
        }
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static UUID deviceOf(Connection connection, UUID tenantId, String fingerprint) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select device_id from bench.connect_identity"
                + " where tenant_id = ? and fingerprint = ? and not_after > now() and not replaced")) {
            select.setObject(1, tenantId);
            select.setString(2, fingerprint);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("unknown identity certificate");
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static String next(Connection connection, UUID deviceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select command_uuid, request_type, sealed_command"
                + " from bench.connect_queue where device_id = ? and not done order by position limit 1")) {
            select.setObject(1, deviceId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void update(Connection connection, String sql, UUID deviceId, String commandUuid)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, deviceId);
            update.setString(2, commandUuid);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no queued command " + commandUuid);
            }
        }
    }

    /** The call's events, in one batch as Axon's JDBC storage appends them. */
    private static void append(Connection connection, String aggregateId, long[] sequence, List<StoredEvent> events)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + EVENTS
                + " (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,"
                + " payloadrevision, payload, metadata) values (?, ?, ?, ?, ?, ?, '1', ?, ?)")) {
            for (StoredEvent event : events) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, aggregateId);
                insert.setLong(3, sequence[0]++);
                insert.setString(4, event.aggregateType());
                insert.setString(5, Instant.now().toString());
                insert.setString(6, event.payloadType());
                insert.setBytes(7, event.payload());
                insert.setBytes(8, event.metadata());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** The service's rows of one connect, split into its calls: a call's events start with its answer's acknowledgement. */
    static List<List<StoredEvent>> byCall(List<StoredEvent> connectEvents) {
        List<List<StoredEvent>> calls = new ArrayList<>();
        for (StoredEvent event : connectEvents) {
            if (calls.isEmpty() || event.payloadType().endsWith(".MdmCommandAcknowledged")) {
                calls.add(new ArrayList<>());
            }
            calls.get(calls.size() - 1).add(event);
        }
        if (calls.size() != DeviceConnect.CALLS.size()) {
            throw new IllegalStateException("a connect's events do not split into " + DeviceConnect.CALLS.size()
                    + " calls: " + connectEvents.stream().map(StoredEvent::payloadType).toList());
        }
        return calls;
    }
}
