/**
 * The MDM command channel: commands queued on a device entry, their delivery over the device's
 * connections (Apple's ServerURL, the Android agent's command fetch) and the device's answers.
 * The queue is part of the entry's history; the aggregate is the device entry.
 */
package org.mdmenroll.events.mdm;
