package io.parley.gateway.connection;

import io.parley.api.account.UserId;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of this node's sockets belong to which user (one socket per device, several devices per user), at most
 * {@code parley.gateway.max-sockets-per-user} each.
 */
@Component
public class ConnectionRegistry {

    private final Map<UserId, Set<DeviceConnection>> byUser = new ConcurrentHashMap<>();

    public enum Added { FIRST, ANOTHER, REFUSED }

    /** Adds the socket unless the user already has {@code maxPerUser} here; says whether it is the user's first. */
    public Added add(DeviceConnection connection, int maxPerUser) {
        Added[] added = {Added.REFUSED};
        byUser.compute(connection.caller().userId(), (user, connections) -> {
            Set<DeviceConnection> set = connections == null ? ConcurrentHashMap.newKeySet() : connections;
            if (set.size() < maxPerUser) {
                added[0] = set.isEmpty() ? Added.FIRST : Added.ANOTHER;
                set.add(connection);
            }
            return set.isEmpty() ? null : set;
        });
        return added[0];
    }

    /** Returns true when the user has no open socket here any more. */
    public boolean remove(DeviceConnection connection) {
        boolean[] last = {false};
        byUser.computeIfPresent(connection.caller().userId(), (user, connections) -> {
            connections.remove(connection);
            last[0] = connections.isEmpty();
            return connections.isEmpty() ? null : connections;
        });
        return last[0];
    }

    public Collection<DeviceConnection> of(UserId user) {
        Set<DeviceConnection> connections = byUser.get(user);
        return connections == null ? List.of() : connections;
    }

    public boolean isOnline(UserId user) {
        return byUser.containsKey(user);
    }

    /** How many sockets this node holds. */
    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    public Collection<DeviceConnection> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }
}
