package org.mdmenroll.command.user;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/** One-time enrollment PINs: uniformly random decimal digits. */
@Component
public class PinGenerator {

    private final SecureRandom random = new SecureRandom();

    public String digits(int length) {
        StringBuilder pin = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            pin.append(random.nextInt(10));
        }
        return pin.toString();
    }
}
