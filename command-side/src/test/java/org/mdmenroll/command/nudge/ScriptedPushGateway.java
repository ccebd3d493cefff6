package org.mdmenroll.command.nudge;

import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link PushGateway} that answers what the test scripted (then DELIVERED) and keeps what was sent. */
final class ScriptedPushGateway implements PushGateway {

    record Sent(TenantId tenantId, PushChannel channel, Nudge nudge) {
    }

    private final Deque<Outcome> script = new ArrayDeque<>();
    private Outcome afterScript = Outcome.delivered("apns-id 1");
    private final List<Sent> sent = new ArrayList<>();

    ScriptedPushGateway answer(Outcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    ScriptedPushGateway thenAlways(Outcome outcome) {
        afterScript = outcome;
        return this;
    }

    List<Sent> sent() {
        return sent;
    }

    List<Integer> attempts() {
        return sent.stream().map(s -> s.nudge().attempt()).toList();
    }

    @Override
    public Outcome send(TenantId tenantId, PushChannel channel, Nudge nudge) {
        sent.add(new Sent(tenantId, channel, nudge));
        return script.isEmpty() ? afterScript : script.poll();
    }
}
