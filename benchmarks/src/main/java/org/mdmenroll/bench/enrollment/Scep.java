package org.mdmenroll.bench.enrollment;

import com.dd.plist.NSDictionary;
import org.mdmenroll.support.testing.apple.CheckInSigner;
import org.mdmenroll.support.testing.apple.ScepTestClient;
import org.mdmenroll.support.testing.apple.SignedProfile;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * What the device does when it installs the profile: reads the SCEP payload, fetches the CA
 * ({@code GetCACert}) and asks for its identity certificate ({@code PKIOperation}, PKCSReq with the
 * profile's one-time challenge). The device's RSA key is made before the timed flow (it is the
 * device's work, not the server's); the step keeps the certificate and key for the check-ins.
 */
public final class Scep implements FlowStep {

    @Override
    public String name() {
        return "scep";
    }

    @Override
    public String unavailableBecause(FlowContext context) {
        return context.commandSidePaths().missing("POST", "/t/{tenant}/scep");
    }

    @Override
    public void run(SimulatedDevice device) throws Exception {
        SignedProfile profile = SignedProfile.read(device.profile());
        NSDictionary mdm = profile.mdm();
        device.topic(SignedProfile.value(mdm, "Topic").toString());
        String path = URI.create(SignedProfile.value(profile.scep(), "URL").toString()).getPath();
        byte[] caDer = SimulatedDevice.expect(device.http().get(device.commandSide() + path + "?operation=GetCACert",
                null), 200, "GetCACert").bytes();
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caDer));
        KeyPair keys = device.keys();
        ScepTestClient client = new ScepTestClient(ca, keys);
        byte[] certRep = SimulatedDevice.expect(device.http().send("POST", device.commandSide() + path
                        + "?operation=PKIOperation", null, "application/x-pki-message",
                client.pkcsReq("CN=" + device.deviceId(), profile.challenge()).der()), 200, name()).bytes();
        ScepTestClient.Reply reply = client.read(certRep);
        if (!reply.success()) {
            throw new IllegalStateException("SCEP failure, failInfo " + reply.failInfo());
        }
        device.identity(new CheckInSigner(keys.getPrivate(), reply.certificate()));
    }
}
