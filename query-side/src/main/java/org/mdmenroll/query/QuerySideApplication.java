package org.mdmenroll.query;

import org.mdmenroll.support.ServiceSupportConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The read model: projections and the admin and auditor queries (port 8081). */
@SpringBootApplication(scanBasePackages = {"org.mdmenroll.query", "org.mdmenroll.support"})
public class QuerySideApplication {

    public static void main(String[] args) {
        ServiceSupportConfiguration.disableAxonUpdateChecker();
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
