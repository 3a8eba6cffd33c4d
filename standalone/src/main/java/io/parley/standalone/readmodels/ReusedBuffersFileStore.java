package io.parley.standalone.readmodels;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * H2's file store, but the buffers that commits serialize their chunks into are kept and reused, whatever their size.
 * H2 keeps only buffers of up to 4 MB, starts a new one at 1 MB and doubles it as a chunk grows: a read-model commit
 * of a few megabytes allocated two or three such buffers, each a "humongous" object for G1 (half a region or more),
 * and once the old generation nears G1's marking threshold every humongous allocation stops the application for a
 * young collection. Here each buffer starts at {@link #BUFFER_BYTES} and keeps it across uses: a few buffers
 * allocated once, for the life of the store.
 */
final class ReusedBuffersFileStore extends SingleFileStore {

    /** Above most read-model chunks under load; a larger chunk still grows its buffer for that one write. */
    static final int BUFFER_BYTES = 8 * 1024 * 1024;

    /** As many as H2's pipeline of chunks being serialized and saved holds at once. */
    private final Queue<WriteBuffer> buffers = new ArrayBlockingQueue<>(FileStore.PIPE_LENGTH + 1);

    ReusedBuffersFileStore(Map<String, Object> config) {
        super(config);
    }

    @Override
    public WriteBuffer getWriteBuffer() {
        WriteBuffer buffer = buffers.poll();
        if (buffer == null) {
            return new WriteBuffer(BUFFER_BYTES);
        }
        buffer.clear();
        return buffer;
    }

    @Override
    public void releaseWriteBuffer(WriteBuffer buffer) {
        buffers.offer(buffer);
    }
}
