package org.mdmenroll.command.device;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.junit.jupiter.api.Test;
import org.mdmenroll.events.device.DeviceStatus;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's two copies of an entry's status ask {@link DeviceStatus#after}; each must
 * handle every event that rule moves a status by, or its copy would stay behind.
 */
class DeviceStatusHoldersTest {

    @Test
    void theAggregateSourcesEveryEventThatMovesTheStatus() {
        assertThat(handledTypes(Device.class, EventSourcingHandler.class)).containsAll(DeviceStatus.changedBy());
    }

    @Test
    void theDirectoryHandlesEveryEventThatMovesTheStatus() {
        assertThat(handledTypes(DeviceDirectory.class, EventHandler.class)).containsAll(DeviceStatus.changedBy());
    }

    private static Set<Class<?>> handledTypes(Class<?> handler, Class<? extends Annotation> annotation) {
        return Arrays.stream(handler.getDeclaredMethods()).filter(method -> method.isAnnotationPresent(annotation))
                .map(method -> method.getParameterTypes()[0]).collect(Collectors.toSet());
    }
}
