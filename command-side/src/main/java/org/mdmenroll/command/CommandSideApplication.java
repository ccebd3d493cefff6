package org.mdmenroll.command;

import org.mdmenroll.support.ServiceSupportConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The write model: REST commands, device-facing enrollment endpoints, aggregates (port 8080). */
@SpringBootApplication(scanBasePackages = {"org.mdmenroll.command", "org.mdmenroll.support"})
@ConfigurationPropertiesScan("org.mdmenroll.command")
public class CommandSideApplication {

    public static void main(String[] args) {
        ServiceSupportConfiguration.disableAxonUpdateChecker();
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
