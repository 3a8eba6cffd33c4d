package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;

import java.util.Map;

/** Two new people and the direct chat the first opened (a message request to the second). */
record Chat(Session alice, Session bob, String conversation) {

    static Chat opened(ParleyClient client) {
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        return new Chat(alice, bob, conversation);
    }
}
