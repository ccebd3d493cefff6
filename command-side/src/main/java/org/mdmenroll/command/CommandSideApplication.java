package org.mdmenroll.command;

import org.mdmenroll.support.ServiceSupportConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The write model: REST commands, device-facing enrollment endpoints, aggregates (port 8080). */
@SpringBootApplication(scanBasePackages = {"org.mdmenroll.command", "org.mdmenroll.support"})
public class CommandSideApplication {

    public static void main(String[] args) {
        ServiceSupportConfiguration.disableAxonUpdateChecker();
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
