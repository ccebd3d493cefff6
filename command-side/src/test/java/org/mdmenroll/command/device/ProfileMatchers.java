package org.mdmenroll.command.device;

import org.axonframework.messaging.Message;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.mdmenroll.command.device.DeviceCommands.Profile;
import org.mdmenroll.command.device.DeviceCommands.ProfileExpiry;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.mdmenroll.command.device.DeviceHistory.DEVICE;
import static org.mdmenroll.command.device.DeviceHistory.TENANT;
import static org.mdmenroll.command.device.DeviceHistory.downloaded;

/** Matchers for the profile downloads whose ids the aggregate chooses: remembered to match what follows. */
final class ProfileMatchers {

    private ProfileMatchers() {
    }

    /** Exactly these payloads, in this order, and nothing more. */
    @SuppressWarnings("unchecked")
    static Matcher<List<Message<?>>> exactlyPayloads(Matcher<?>... payloads) {
        List<Matcher<Message<?>>> messages = new ArrayList<>();
        for (Matcher<?> payload : payloads) {
            messages.add(Matchers.messageWithPayload(payload));
        }
        messages.add(Matchers.andNoMore());
        return Matchers.exactSequenceOf(messages.toArray(new Matcher[0]));
    }

    /**
     * A download of the entry valid until {@code validUntil} with a fresh profile id (none of
     * {@code notIds}), remembered in {@code profileId}.
     */
    static Matcher<EnrollmentProfileDownloaded> downloadedNewProfile(Instant validUntil,
            AtomicReference<UUID> profileId, UUID... notIds) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(EnrollmentProfileDownloaded event, Description mismatch) {
                if (event.profileId() == null || List.of(notIds).contains(event.profileId())
                        || !downloaded(event.profileId(), validUntil).equals(event)) {
                    mismatch.appendText("was ").appendValue(event);
                    return false;
                }
                profileId.set(event.profileId());
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("EnrollmentProfileDownloaded[deviceId=" + DEVICE + ", tenantId=" + TENANT
                        + ", profileId=<new, not " + List.of(notIds) + ">, validUntil=" + validUntil + "]");
            }
        };
    }

    /** The profile answered to the device: the one recorded in the event, valid until {@code validUntil}. */
    static Matcher<Profile> profile(AtomicReference<UUID> profileId, Instant validUntil) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Profile profile, Description mismatch) {
                if (profileId.get() == null || !new Profile(profileId.get(), validUntil).equals(profile)) {
                    mismatch.appendText("was ").appendValue(profile);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("Profile[profileId=" + profileId.get() + ", validUntil=" + validUntil + "]");
            }
        };
    }

    /** The expiry deadline of the profile in {@code profileId}. */
    static Matcher<ProfileExpiry> expiryOf(AtomicReference<UUID> profileId) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(ProfileExpiry expiry, Description mismatch) {
                if (profileId.get() == null || !Objects.equals(profileId.get(), expiry.profileId())) {
                    mismatch.appendText("was ").appendValue(expiry);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("ProfileExpiry[profileId=" + profileId.get() + "]");
            }
        };
    }
}
