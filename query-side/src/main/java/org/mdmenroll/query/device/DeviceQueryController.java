package org.mdmenroll.query.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceStatus;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.query.device.DeviceQueries.AndroidEntriesPage;
import org.mdmenroll.query.device.DeviceQueries.DevicePage;
import org.mdmenroll.query.device.DeviceQueries.FindAndroidEntries;
import org.mdmenroll.query.device.DeviceQueries.FindDevice;
import org.mdmenroll.query.device.DeviceQueries.FindDevices;
import org.mdmenroll.query.device.DeviceQueries.FoundDevice;
import org.mdmenroll.query.device.DeviceQueries.Sort;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.security.AccountPrincipal;
import org.mdmenroll.support.web.Cursor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Devices", description = "The tenant's device entries, and Android entries grouped by hardware.")
public class DeviceQueryController {

    private final QueryGateway queries;

    public DeviceQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/devices")
    @Operation(summary = "List device entries; filters combine (platform, status and method take comma-separated lists)")
    public DevicePage devices(@AuthenticationPrincipal AccountPrincipal account,
            @RequestParam(required = false) List<Platform> platform,
            @Parameter(description = "DELETED entries are listed only when asked for here")
            @RequestParam(required = false) List<DeviceStatus> status,
            @RequestParam(required = false) List<EnrollmentMethod> method,
            @RequestParam(required = false) Boolean accountDriven,
            @RequestParam(required = false) UserId userId,
            @Parameter(description = "Part of a serial number, UDID, IMEI, enterprise id, user email or name")
            @RequestParam(name = "q", required = false) String text,
            @Parameter(description = "Leave out INACTIVE entries (retired, superseded, checked out, cancelled)")
            @RequestParam(defaultValue = "false") boolean excludeRetired,
            @Parameter(description = "Only entries still managed whose identity certificate expires within 14 days "
                    + "or has expired: their renewal did not happen in time")
            @RequestParam(defaultValue = "false") boolean renewalOverdue,
            @Parameter(description = "lastEventAt (default, newest first as -lastEventAt), startedAt, enrolledAt, "
                    + "email, status or platform; prefix '-' for descending")
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        FindDevices query = new FindDevices(account.tenantId(), platform, status, method, accountDriven, userId, text,
                excludeRetired, renewalOverdue, Sort.parse(sort), cursor, Cursor.limit(limit));
        return queries.query(query, DevicePage.class).join();
    }

    @GetMapping("/api/devices/{deviceId}")
    @Operation(summary = "One device entry of the tenant, deleted ones included")
    public DeviceView device(@AuthenticationPrincipal AccountPrincipal account, @PathVariable DeviceId deviceId) {
        FoundDevice found = queries.query(new FindDevice(account.tenantId(), deviceId), FoundDevice.class).join();
        if (found.device() == null) {
            throw Refusal.notFound("unknown-device", "No such device entry.");
        }
        return found.device();
    }

    @GetMapping("/api/android/entries")
    @Operation(summary = "Android entries grouped by hardware, newest entry first; Android 10+ re-enrollments show "
            + "as several entries of which only the newest is ACTIVE")
    public AndroidEntriesPage androidEntries(@AuthenticationPrincipal AccountPrincipal account,
            @Parameter(description = "A serial number, IMEI or enterprise-specific id of the hardware")
            @RequestParam(required = false) String hardwareId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return queries.query(new FindAndroidEntries(account.tenantId(), hardwareId, cursor, Cursor.limit(limit)),
                AndroidEntriesPage.class).join();
    }
}
