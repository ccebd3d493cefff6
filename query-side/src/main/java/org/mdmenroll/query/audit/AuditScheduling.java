package org.mdmenroll.query.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AuditCheckpoints#signMoved()} every {@code mdm.audit.checkpoint-interval} (default an hour). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditScheduling {
}
