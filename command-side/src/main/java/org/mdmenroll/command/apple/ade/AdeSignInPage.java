package org.mdmenroll.command.apple.ade;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.springframework.web.util.HtmlUtils;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The sign-in page Setup Assistant shows when an ADE profile asks users to authenticate
 * ({@code configuration_web_url}), in Japanese or English as the device's language asks. It carries
 * the device's signed MachineInfo (the {@code x-apple-aspen-deviceinfo} header of the first load)
 * in a hidden field to the sign-in, and shows why a sign-in failed. Everything shown is escaped.
 */
final class AdeSignInPage {

    private static final String BUNDLE = "i18n/ade-sign-in";

    private AdeSignInPage() {
    }

    /** Japanese for a device set up in Japanese, English otherwise. */
    static Locale language(Locale requested) {
        return requested != null && "ja".equals(requested.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH;
    }

    /** The form; {@code deviceInfo} null when the device sent none (then only the error shows). */
    static String render(TenantEntry tenant, Locale locale, String deviceInfo, String email, String errorType,
            Integer attemptsLeft) {
        Locale language = language(locale);
        ResourceBundle text = ResourceBundle.getBundle(BUNDLE, language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String organisation = tenant.name();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"").append(language.getLanguage()).append("\"><head>")
                .append("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(e(format(text, "title", organisation))).append("</title>")
                .append("<style>body{font-family:-apple-system,system-ui,sans-serif;max-width:32rem;margin:2rem auto;")
                .append("padding:0 1rem;line-height:1.5}label{display:block;margin:.8rem 0 .2rem}")
                .append("input[type=email],input[type=password],input[type=text]{width:100%;padding:.5rem;font-size:1rem;")
                .append("box-sizing:border-box}button{margin-top:1.2rem;padding:.6rem 1.4rem;font-size:1rem}")
                .append(".error{background:#fdecea;border:1px solid #f5c2c0;padding:.6rem;border-radius:.3rem}")
                .append(".note{color:#555;font-size:.9rem}</style></head><body>\n")
                .append("<h1>").append(e(format(text, "title", organisation))).append("</h1>\n");
        if (errorType != null) {
            String key = text.containsKey("error." + errorType) ? "error." + errorType : "error.other";
            html.append("<p class=\"error\" role=\"alert\" id=\"error\">").append(e(text.getString(key)));
            if (attemptsLeft != null) {
                html.append(' ').append(e(format(text, "attempts-left", attemptsLeft)));
            }
            html.append("</p>\n");
        }
        if (deviceInfo != null) {
            html.append("<p>").append(e(format(text, "intro", organisation))).append("</p>\n")
                    .append("<form method=\"post\" action=\"/t/").append(e(tenant.slug())).append("/ade/sign-in\">\n")
                    .append("<input type=\"hidden\" name=\"deviceinfo\" value=\"").append(e(deviceInfo)).append("\">\n")
                    .append("<label for=\"email\">").append(e(text.getString("email"))).append("</label>")
                    .append("<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"username\" required value=\"")
                    .append(e(email == null ? "" : email)).append("\">\n")
                    .append("<label for=\"password\">").append(e(text.getString("password"))).append("</label>")
                    .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\n")
                    .append("<label for=\"pin\">").append(e(text.getString("pin"))).append("</label>")
                    .append("<input type=\"text\" id=\"pin\" name=\"pin\" inputmode=\"numeric\" autocomplete=\"one-time-code\">\n")
                    .append("<p class=\"note\">").append(e(format(text, "privacy", organisation))).append("</p>\n")
                    .append("<button type=\"submit\">").append(e(text.getString("continue"))).append("</button>\n")
                    .append("</form>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String format(ResourceBundle text, String key, Object argument) {
        return new MessageFormat(text.getString(key), text.getLocale()).format(new Object[] {argument});
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
