package io.parley.gateway.peers;

import io.parley.api.account.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key layout gateway nodes of an older build share during a rolling upgrade: each name exactly as those nodes
 * write and read it.
 */
class RedisKeysTest {

    private static final UserId ALICE = UserId.of("alice");

    @Test
    void everyKeyAndChannelKeepsTheNameOlderNodesUse() {
        Device phone = new Device(ALICE, "phone");
        Instant heartbeat = Instant.ofEpochMilli(1_700_000_000_123L);

        assertThat(RedisKeys.TYPING).isEqualTo("parley:gateway:typing");
        assertThat(RedisKeys.PRESENCE).isEqualTo("parley:gateway:presence");
        assertThat(RedisKeys.REGISTRY).isEqualTo("parley:gateway:nodes-by-heartbeat");
        assertThat(RedisKeys.onlineKey(ALICE, "node-a")).isEqualTo("parley:gateway:online:alice:node-a");
        assertThat(RedisKeys.nodesKey(ALICE)).isEqualTo("parley:gateway:nodes:alice");
        assertThat(RedisKeys.deviceOnlineKey(phone, "node-a")).isEqualTo("parley:gateway:device-online:alice:phone:node-a");
        assertThat(RedisKeys.deviceNodesKey(phone)).isEqualTo("parley:gateway:device-nodes:alice:phone");
        assertThat(RedisKeys.heartbeatKey("node-a")).isEqualTo("parley:gateway:heartbeat:node-a");
        assertThat(RedisKeys.usersKey("node-a")).isEqualTo("parley:gateway:users-of:node-a");
        assertThat(RedisKeys.nodeLostClaimKey("node-a", heartbeat))
                .isEqualTo("parley:gateway:node-lost-claim:node-a:1700000000123");
        assertThat(RedisKeys.lastSeenClaimKey(ALICE, "node-a", heartbeat))
                .isEqualTo("parley:gateway:last-seen-claim:alice:node-a:1700000000123");
        assertThat(RedisKeys.claimKey("digest")).isEqualTo("parley:gateway:claim:digest");
    }
}
