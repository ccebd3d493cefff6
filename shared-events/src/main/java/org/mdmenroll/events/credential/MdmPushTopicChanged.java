package org.mdmenroll.events.credential;

import org.axonframework.serialization.Revision;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;

/** An admin confirmed a renewal with another topic: every enrolled Apple device must re-enroll. */
@Revision("1")
public record MdmPushTopicChanged(CredentialId credentialId, TenantId tenantId, String previousTopic, String topic) implements CredentialEvent, TenantEvent {
}
