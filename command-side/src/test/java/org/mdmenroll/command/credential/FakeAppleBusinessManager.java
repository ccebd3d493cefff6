package org.mdmenroll.command.credential;

import org.mdmenroll.command.credential.DeviceAssignmentClient.ServerToken;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Apple Business Manager's device assignment service for tests outside this package: the local
 * {@link FakeDeviceAssignmentService}, knowing the server token inside {@link AppleTokenSamples#p7m}.
 */
public final class FakeAppleBusinessManager implements AutoCloseable {

    /** The credentials inside {@link AppleTokenSamples#adeMessage}. */
    static final ServerToken SAMPLE_TOKEN = new ServerToken(
            "CK_48dd68d198350f51258e885ce9c5c37ab7f98543c4a697323d75682a6c10a32501cb2cd6ebc7ba7bd5f9ab4a1a8da6a",
            "CS_clear-consumer-secret", "AT_clear-access-token", "AS_clear-access-secret");

    private final FakeDeviceAssignmentService service;

    private FakeAppleBusinessManager(FakeDeviceAssignmentService service) {
        this.service = service;
    }

    public static FakeAppleBusinessManager start() {
        try {
            return new FakeAppleBusinessManager(new FakeDeviceAssignmentService().knowing(SAMPLE_TOKEN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For {@code mdm.apple.device-assignment.base-url}. */
    public String baseUrl() {
        return service.baseUrl();
    }

    /** Devices assigned to the MDM server from the start. */
    public FakeAppleBusinessManager withDevices(String... serials) {
        service.withDevices(serials);
        return this;
    }

    /** What the next sync reports: {@code opType} added, modified or deleted. */
    public void changed(String serial, String opType) {
        service.changed(serial, opType);
    }

    /** The profile uuid Apple has assigned to a device of the server, or null. */
    public String profileOf(String serial) {
        return service.profileOf(serial);
    }

    @Override
    public void close() {
        service.close();
    }
}
