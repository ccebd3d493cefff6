package org.mdmenroll.bench.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import org.mdmenroll.bench.Services;
import org.mdmenroll.support.testing.Http;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The operations a service documents in its OpenAPI document ({@code /v3/api-docs}): which
 * endpoints this build has. Path variables compare by position, not name.
 */
public final class OpenApiPaths {

    private final Set<String> operations = new HashSet<>();

    private OpenApiPaths(JsonNode document) {
        JsonNode paths = document.path("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            for (Iterator<String> methods = paths.path(path).fieldNames(); methods.hasNext(); ) {
                operations.add(methods.next().toUpperCase(Locale.ROOT) + " " + normalise(path));
            }
        }
    }

    public static OpenApiPaths of(Services services, String baseUrl) throws IOException, InterruptedException {
        Http.Response document = services.http().get(baseUrl + "/v3/api-docs", null);
        if (document.status() != 200) {
            throw new IllegalStateException(baseUrl + "/v3/api-docs answered " + document.status());
        }
        return new OpenApiPaths(document.body());
    }

    public boolean has(String method, String path) {
        return operations.contains(method.toUpperCase(Locale.ROOT) + " " + normalise(path));
    }

    /** Null when the operation is documented, else a reason for NOT MEASURED. */
    public String missing(String method, String path) {
        return has(method, path) ? null : "no " + method + " " + path + " in this build";
    }

    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
