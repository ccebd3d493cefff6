package org.mdmenroll.query.audit;

import org.mdmenroll.events.AccountEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.account.AccountPasswordChanged;
import org.mdmenroll.events.tenant.TenantCreated;

import java.util.UUID;

/**
 * The operators' audit trail: what operators and the system do outside any tenant. It holds every
 * event that names no tenant (operator accounts, password changes) and every tenant or account
 * creation and account change (what operators do: {@code POST /api/tenants},
 * {@code POST /api/tenants/{slug}/accounts}), whoever's tenant they are in. It is an audit trail
 * like a tenant's, in the same table under the reserved trail id {@link #ID} (no tenant has it),
 * with its own chain, checkpoints and exports, read by operators only at {@code /api/operator-audit}.
 * Its records' event ids are the event's id prefixed with {@link #EVENT_ID_PREFIX}, since the
 * tenant's trail holds the same event under its own id.
 */
public final class OperatorTrail {

    /** The trail id of the operators' trail (the nil UUID; tenant ids are random). */
    public static final UUID ID = new UUID(0L, 0L);
    static final String EVENT_ID_PREFIX = "operator:";
    private static final String EVENTS_PACKAGE = TenantEvent.class.getPackageName() + ".";

    private OperatorTrail() {
    }

    /** Whether the event is recorded in the operators' trail; {@code tenantId} is the tenant it names, if any. */
    static boolean holds(Object payload, UUID tenantId) {
        if (tenantId == null) {
            // an event of the published language that names no tenant (not some other message)
            return payload.getClass().getPackageName().startsWith(EVENTS_PACKAGE);
        }
        return payload instanceof AccountEvent || payload instanceof TenantCreated;
    }

    static String summary(Object payload) {
        if (payload instanceof AccountPasswordChanged) {
            return "Account password changed";
        }
        if (payload instanceof TenantEvent tenantEvent) {
            return AuditSummaries.of(tenantEvent.getClass());
        }
        return payload.getClass().getSimpleName();
    }
}
