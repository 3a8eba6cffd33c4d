package io.parley.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    record Body(String name, Long seq, Integer count, boolean flag, Kind kind) {
    }

    enum Kind { IMAGE, VIDEO }

    private final ObjectMapper application = new ObjectMapper();
    private final ObjectMapper strict = StrictJson.copyOf(application);

    @Test
    void theStrictCopyRefusesEveryScalarCoercion() {
        for (String json : new String[]{"{\"name\":123}", "{\"name\":1.5}", "{\"name\":true}", "{\"seq\":\"5\"}",
                "{\"seq\":1.5}", "{\"seq\":\"\"}", "{\"count\":2.0}", "{\"flag\":1}", "{\"flag\":\"true\"}",
                "{\"kind\":0}", "{\"name\":\"a\"} {}"}) {
            assertThatThrownBy(() -> strict.readValue(json, Body.class)).as(json)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void theStrictCopyReadsTheRightTypes() throws Exception {
        Body body = strict.readValue("{\"name\":\"a\",\"seq\":5,\"count\":2,\"flag\":true,\"kind\":\"VIDEO\"}", Body.class);

        assertThat(body).isEqualTo(new Body("a", 5L, 2, true, Kind.VIDEO));
    }

    /** The application's mapper is Axon's event serializer too: stored events must read as before. */
    @Test
    void theApplicationsMapperIsLeftAsItWas() throws Exception {
        assertThat(application.readValue("{\"name\":123,\"seq\":\"5\",\"count\":2.0}", Body.class))
                .isEqualTo(new Body("123", 5L, 2, false, null));
    }
}
