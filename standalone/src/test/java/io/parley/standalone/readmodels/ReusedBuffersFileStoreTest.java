package io.parley.standalone.readmodels;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-model store's chunk buffers: allocated once, reused by every commit after, at any size. */
class ReusedBuffersFileStoreTest {

    @TempDir
    Path dir;

    @Test
    void aCommitGetsTheBufferOfTheOneBeforeEvenAfterItGrewPastH2sLimit() {
        JournalingH2Backend backend = new JournalingH2Backend(dir.resolve("readmodels.mv").toString());
        try {
            FileStore<?> file = backend.getMvStore().getFileStore();
            WriteBuffer first = file.getWriteBuffer();
            first.put(new byte[10 * 1024 * 1024]);
            file.releaseWriteBuffer(first);

            WriteBuffer next = file.getWriteBuffer();
            assertThat(next).isSameAs(first);
            assertThat(next.position()).isZero();
            assertThat(next.capacity()).isGreaterThanOrEqualTo(ReusedBuffersFileStore.BUFFER_BYTES);
        } finally {
            backend.close();
        }
    }
}
