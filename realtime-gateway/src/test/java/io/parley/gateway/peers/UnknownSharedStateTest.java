package io.parley.gateway.peers;

import io.parley.gateway.GatewayOnLocalBuses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A gateway node told a shared state it does not know stops at start, saying which values it takes. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownSharedStateTest {

    @TempDir
    Path keys;

    @Test
    void aNodeWithAnUnknownSharedStateFailsToStartNamingTheAllowedValues(CapturedOutput output) {
        GatewayOnLocalBuses buses = new GatewayOnLocalBuses(keys);

        assertThatThrownBy(() -> buses.start("gateway-bad", List.of(), "--PARLEY_LOG_FORMAT=",
                "--parley.gateway.shared-state=reddis").close()).isNotNull();

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'reddis' for configuration property 'parley.gateway.shared-state'")
                .contains("the allowed values are 'local'")
                .contains("and 'redis'")
                .doesNotContain("could not be found");
    }
}
