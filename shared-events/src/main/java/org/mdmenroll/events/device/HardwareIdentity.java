package org.mdmenroll.events.device;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What identifies the hardware behind an entry; any part may be unknown (an iOS app cannot read
 * the UDID; the device reports it at check-in). Values are normalised: trimmed, upper case except
 * the Android enterprise-specific id, which is kept as given.
 */
public record HardwareIdentity(String serialNumber, String udid, String imei, String enterpriseSpecificId) {

    public static final HardwareIdentity UNKNOWN = new HardwareIdentity(null, null, null, null);

    public HardwareIdentity {
        serialNumber = upper(serialNumber);
        udid = upper(udid);
        imei = blankToNull(imei);
        enterpriseSpecificId = blankToNull(enterpriseSpecificId);
    }

    /** The identifiers that are known, by kind ({@code serial}, {@code udid}, {@code imei}, {@code esid}). */
    public Map<String, String> known() {
        Map<String, String> known = new LinkedHashMap<>();
        if (enterpriseSpecificId != null) {
            known.put("esid", enterpriseSpecificId);
        }
        if (udid != null) {
            known.put("udid", udid);
        }
        if (imei != null) {
            known.put("imei", imei);
        }
        if (serialNumber != null) {
            known.put("serial", serialNumber);
        }
        return known;
    }

    /** Not part of the stored form (events stored before this was ignored carry it; it is skipped). */
    @JsonIgnore
    public boolean isUnknown() {
        return known().isEmpty();
    }

    /** The most specific identifier known (enterprise id, UDID, IMEI, serial), or null. */
    public String primary() {
        return known().values().stream().findFirst().orElse(null);
    }

    private static String upper(String value) {
        String v = blankToNull(value);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
