package org.mdmenroll.command.apple.accountdriven;

import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.web.util.HtmlUtils;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The sign-in page of account-driven enrollment, in Japanese or English as the device's language
 * asks: email, password or one-time PIN, the privacy and terms acknowledgement; after a failed attempt
 * the email given and why it failed (the refusal's type in {@code data-problem}). Everything shown is
 * escaped.
 */
final class AccountDrivenSignInPage {

    private static final String BUNDLE = "i18n/account-driven-sign-in";

    private AccountDrivenSignInPage() {
    }

    /** Japanese for a device in Japanese, English otherwise. */
    static Locale language(Locale requested) {
        return requested != null && "ja".equals(requested.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH;
    }

    /** The page; {@code failure} null before any attempt. */
    static String render(TenantEntry tenant, Locale requested, String email, Refusal failure) {
        Locale language = language(requested);
        ResourceBundle text = ResourceBundle.getBundle(BUNDLE, language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String title = format(text, "title", tenant.name());
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"").append(language.getLanguage()).append("\"><head>")
                .append("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(e(title)).append("</title></head>\n<body>\n")
                .append("<h1>").append(e(title)).append("</h1>\n");
        if (failure != null) {
            String key = text.containsKey("error." + failure.type()) ? "error." + failure.type() : "error.other";
            html.append("<p class=\"error\" role=\"alert\" data-problem=\"").append(e(failure.type())).append("\">")
                    .append(e(text.getString(key)));
            if (failure.properties().get("attemptsLeft") instanceof Integer attemptsLeft) {
                html.append(' ').append(e(format(text, "attempts-left", attemptsLeft)));
            }
            html.append("</p>\n");
        }
        return html.append("<form method=\"post\" action=\"/t/").append(e(tenant.slug()))
                .append("/account-driven/sign-in\">\n")
                .append("  <p><label>").append(e(text.getString("email")))
                .append(" <input type=\"email\" name=\"email\" value=\"").append(e(email == null ? "" : email))
                .append("\" required></label></p>\n")
                .append("  <p><label>").append(e(text.getString("password")))
                .append(" <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label></p>\n")
                .append("  <p><label>").append(e(text.getString("pin")))
                .append(" <input type=\"text\" name=\"pin\" inputmode=\"numeric\" autocomplete=\"one-time-code\"></label></p>\n")
                .append("  <h2>").append(e(text.getString("privacy-heading"))).append("</h2>\n")
                .append("  <p>").append(e(format(text, "privacy", tenant.name()))).append("</p>\n")
                .append("  <p><label><input type=\"checkbox\" name=\"acknowledged\" value=\"true\" required> ")
                .append(e(text.getString("acknowledge"))).append("</label></p>\n")
                .append("  <p><button type=\"submit\">").append(e(text.getString("continue"))).append("</button></p>\n")
                .append("</form>\n</body></html>\n").toString();
    }

    private static String format(ResourceBundle text, String key, Object argument) {
        return new MessageFormat(text.getString(key), text.getLocale()).format(new Object[] {argument});
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
