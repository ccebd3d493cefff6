package org.mdmenroll.query.audit;

import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.AccountEvent;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.CredentialEvent;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.DeviceEvent;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.EnrollmentTokenEvent;
import org.mdmenroll.events.EnrollmentTokenId;
import org.mdmenroll.events.RefusalEvent;
import org.mdmenroll.events.TenantEvent;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserEvent;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event of shared-events (a record with {@code @Revision}) implements the markers of the ids it
 * names, which the audit trail and the tenant sequencing read, and every audited one has a summary: a new
 * event that lacks either fails here instead of being audited wrongly.
 */
class AuditedEventsTest {

    private static final List<Class<?>> EVENTS = eventClasses();
    /** Each marker and the record component that an event implementing it carries. */
    private static final Map<Class<?>, Id> MARKERS = Map.of(
            TenantEvent.class, new Id("tenantId", TenantId.class),
            DeviceEvent.class, new Id("deviceId", DeviceId.class),
            UserEvent.class, new Id("userId", UserId.class),
            AccountEvent.class, new Id("accountId", AccountId.class),
            CredentialEvent.class, new Id("credentialId", CredentialId.class),
            EnrollmentTokenEvent.class, new Id("enrollmentTokenId", EnrollmentTokenId.class));
    /** How refusals have always been named; the marker decides, the name only has to agree with it. */
    private static final Pattern REFUSAL_NAME = Pattern.compile(".*(Rejected|Refused|LockedOut|Failed)$");

    private record Id(String name, Class<?> type) {
    }

    @Test
    void theEventsAreFound() {
        assertThat(EVENTS).hasSizeGreaterThan(60).contains(EnrollmentStarted.class);
    }

    @Test
    void everyEventImplementsTheMarkerOfEachIdItNames() {
        for (Class<?> event : EVENTS) {
            MARKERS.forEach((marker, id) -> assertThat(marker.isAssignableFrom(event))
                    .as("%s names %s, so it is a %s (and only then)", event.getSimpleName(), id.name(),
                            marker.getSimpleName())
                    .isEqualTo(names(event, id)));
        }
    }

    @Test
    void theRefusalsAreTheEventsNamedAsRefusals() {
        for (Class<?> event : EVENTS) {
            assertThat(RefusalEvent.class.isAssignableFrom(event))
                    .as("%s is a RefusalEvent exactly when its name says it was refused", event.getSimpleName())
                    .isEqualTo(REFUSAL_NAME.matcher(event.getSimpleName()).matches());
        }
    }

    @Test
    void everyTenantEventHasAnAuditSummary() {
        for (Class<?> event : EVENTS) {
            if (TenantEvent.class.isAssignableFrom(event)) {
                assertThat(AuditSummaries.of(event.asSubclass(TenantEvent.class))).as(event.getSimpleName())
                        .isNotBlank();
            }
        }
    }

    private static boolean names(Class<?> event, Id id) {
        return Arrays.stream(event.getRecordComponents())
                .anyMatch(component -> component.getName().equals(id.name()) && component.getType() == id.type());
    }

    private static List<Class<?>> eventClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        return scanner.findCandidateComponents("org.mdmenroll.events").stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, AuditedEventsTest.class.getClassLoader()))
                .toList();
    }
}
