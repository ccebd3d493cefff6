package org.mdmenroll.command.apple.accountdriven;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.mdmenroll.support.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Takes the body of the requests that carry the device's MachineInfo (a plist or a CMS SignedData):
 * account-driven enrollment's and ADE's ({@code /t/<tenant>/ade/enroll}), as raw bytes before anything else can read it, whatever Content-Type the device sends:
 * Apple's own example posts the plist as {@code application/x-www-form-urlencoded}, and a servlet
 * container or Spring would otherwise parse that as form parameters and leave no body (or re-encode
 * it). The bytes are kept as a request attribute and the request reads as if it had no form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class MachineInfoBodyFilter extends OncePerRequestFilter {

    /** Far above a signed MachineInfo (a few kilobytes with Apple's attestation chain). */
    static final int MAX_BYTES = 256 * 1024;
    private static final String ATTRIBUTE = MachineInfoBodyFilter.class.getName() + ".body";
    private static final Pattern ENROLL_PATH = Pattern.compile(
            "/t/[^/]+(" + Pattern.quote(AccountDrivenEnrollmentController.ENROLL) + "/[^/]+|/ade/enroll)/?");

    private final ProblemWriter problems;

    public MachineInfoBodyFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The body this filter kept for the request (empty when there was none). */
    public static byte[] bodyOf(HttpServletRequest request) throws IOException {
        Object kept = request.getAttribute(ATTRIBUTE);
        return kept instanceof byte[] bytes ? bytes : read(request.getInputStream());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !ENROLL_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = read(request.getInputStream());
        if (body == null) {
            problems.write(response, ProblemWriter.problem(413, "payload-too-large",
                    "The MachineInfo is larger than " + MAX_BYTES + " bytes."));
            return;
        }
        request.setAttribute(ATTRIBUTE, body);
        chain.doFilter(new RawBodyRequest(request, body), response);
    }

    /** The stream's bytes, or null past {@link #MAX_BYTES}. */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** The request with its body already taken: it reads again from the kept bytes. */
    private static final class RawBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        RawBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] bytes, int offset, int length) {
                    return in.read(bytes, offset, length);
                }
            };
        }
    }
}
