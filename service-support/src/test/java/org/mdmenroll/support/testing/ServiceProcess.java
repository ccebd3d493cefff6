package org.mdmenroll.support.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service (its runnable jar) started as a real process, as the run command does; used
 * by the system tests and the benchmarks. The log goes to {@code <logDirectory>/<name>.log}.
 */
public final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logDirectory;
    private final int port;
    private Process process;

    /** The jar's path is the system property {@code jarProperty}; 384 MB of heap, logs under {@code target/}. */
    public ServiceProcess(String name, String jarProperty, Map<String, String> environment) {
        this(name, Path.of(System.getProperty(jarProperty, "missing-" + jarProperty)), environment,
                List.of("-Xmx384m"), Path.of("target"));
    }

    public ServiceProcess(String name, Path jar, Map<String, String> environment, List<String> jvmOptions,
            Path logDirectory) {
        this.name = name;
        this.jar = jar;
        this.environment = environment;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logDirectory = logDirectory;
        this.port = freePort();
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The running JVM's process id (for /proc readings). */
    public long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return logDirectory.resolve(name + ".log");
    }

    public void start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (mvn verify builds them)");
        }
        Files.createDirectories(logDirectory);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-jar", jar.toString(),
                "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady();
    }

    private void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready; see " + log());
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
