package org.mdmenroll.command.android;

import org.junit.jupiter.api.Test;
import org.mdmenroll.command.android.AgentResult.AgentDeviceInformation;
import org.mdmenroll.command.android.AgentResult.Status;
import org.mdmenroll.command.device.MdmChannelCommands.CommandResult;
import org.mdmenroll.command.device.MdmChannelCommands.ReportStatus;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.problem.Refusal;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's answer read as the entry's result: the inventory's fields, the error chain, what belongs to which status. */
class AgentResultTest {

    private static AgentDeviceInformation information(String manufacturer, String model) {
        return new AgentDeviceInformation(" Pat's phone ", manufacturer, model, "dm3q", "14", "UP1A.231005.007",
                "R5CW12ABCDE", "356938035643809", "", 256.0, 180.25, null);
    }

    @Test
    void theDeviceInformationFillsTheInventoryAsAppleDevicesDo() {
        DeviceInventory inventory = information("samsung", "SM-S918B").inventory();
        assertThat(inventory).isEqualTo(new DeviceInventory("Pat's phone", "SM-S918B", "samsung SM-S918B", "dm3q",
                "14", "UP1A.231005.007", "R5CW12ABCDE", null, "356938035643809", null, 256.0, 180.25, null, null,
                null, null));
    }

    @Test
    void aModelThatNamesItsMakerIsTheModelName() {
        assertThat(information("OnePlus", "OnePlus 12").inventory().modelName()).isEqualTo("OnePlus 12");
        assertThat(information(null, "Pixel 8").inventory().modelName()).isEqualTo("Pixel 8");
        assertThat(information("Google", null).inventory().modelName()).isEqualTo("Google");
    }

    @Test
    void eachStatusIsTheConnectsAndOnlyAnErrorHasAnErrorChain() {
        AgentResult acknowledged = new AgentResult(Status.ACKNOWLEDGED, null, null, information("Google", "Pixel 8"));
        assertThat(acknowledged.reportStatus()).isEqualTo(ReportStatus.ACKNOWLEDGED);
        assertThat(acknowledged.errorChain()).isEmpty();
        assertThat(acknowledged.commandResult().inventory().model()).isEqualTo("Pixel 8");

        AgentResult error = new AgentResult(Status.ERROR, 12, " No device owner ", null);
        assertThat(error.reportStatus()).isEqualTo(ReportStatus.ERROR);
        assertThat(error.errorChain()).containsExactly(new MdmError(12, "AndroidAgent", "No device owner"));
        assertThat(error.commandResult()).isEqualTo(CommandResult.NONE);
        assertThat(new AgentResult(Status.ERROR, null, null, null).errorChain()).isEmpty();

        assertThat(new AgentResult(Status.NOT_NOW, null, null, null).reportStatus()).isEqualTo(ReportStatus.NOT_NOW);
    }

    @Test
    void whatBelongsToAnotherStatusIsRefused() {
        for (AgentResult inconsistent : List.of(
                new AgentResult(Status.ERROR, 1, "no", information("Google", "Pixel 8")),
                new AgentResult(Status.NOT_NOW, null, null, information("Google", "Pixel 8")),
                new AgentResult(Status.ACKNOWLEDGED, 1, null, null),
                new AgentResult(Status.NOT_NOW, null, "later", null))) {
            assertThatThrownBy(inconsistent::requireConsistent).isInstanceOfSatisfying(Refusal.class,
                    refusal -> assertThat(refusal.type()).isEqualTo("invalid-agent-result"));
        }
        new AgentResult(Status.ERROR, 1, "no", null).requireConsistent();
        new AgentResult(Status.ACKNOWLEDGED, null, null, information("Google", "Pixel 8")).requireConsistent();
    }
}
