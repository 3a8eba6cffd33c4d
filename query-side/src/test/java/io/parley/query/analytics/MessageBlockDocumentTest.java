package io.parley.query.analytics;

import io.parley.query.analytics.AnalyticsDocuments.MessageBlockDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageBlockDocumentTest {

    @Test
    void aBlockIsTheSameDocumentWhateverOrderItsMessagesCameIn() {
        MessageBlockDocument inOrder = MessageBlockDocument.empty("c:0")
                .with(8, "ana", 800).with(9, "ben", 900).with(10, "ana", 1000);
        MessageBlockDocument outOfOrder = MessageBlockDocument.empty("c:0")
                .with(10, "ana", 1000).with(8, "ana", 800).with(9, "ben", 900);

        assertThat(List.copyOf(inOrder.sentAt().keySet())).containsExactly("8", "9", "10");
        assertThat(List.copyOf(outOfOrder.sentAt().keySet())).containsExactly("8", "9", "10");
        assertThat(List.copyOf(outOfOrder.sender().keySet())).containsExactly("8", "9", "10");
        assertThat(outOfOrder.message(9)).isEqualTo(new DeliveryBatch.Message(9, "ben", 900));
    }

    @Test
    void aMessageAddedAgainKeepsItsPlaceAndTheBlockItsOrder() {
        MessageBlockDocument block = MessageBlockDocument.empty("c:0").with(1, "ana", 100).with(2, "ben", 200);

        MessageBlockDocument again = block.with(1, "ana", 100);

        assertThat(again).isEqualTo(block);
        assertThat(List.copyOf(again.sentAt().keySet())).containsExactly("1", "2");
    }
}
