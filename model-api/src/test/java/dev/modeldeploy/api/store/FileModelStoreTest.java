package dev.modeldeploy.api.store;

import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.store.file.FileModelStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileModelStoreTest extends ModelStoreContract {
    @Override
    protected ModelStore openStore() {
        return new FileModelStore(tmp.resolve("store"));
    }

    @Test
    void keysCannotLeaveTheStore() {
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a\\b", "a//b", "a/./b"}) {
            assertThatThrownBy(() -> store.write(key, new byte[1])).as(key).isInstanceOf(InvalidModelUriException.class);
        }
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void noTemporaryFilesAreLeftOrListed() throws Exception {
        store.write("m/@prod", new byte[] {1});
        store.createIfAbsent("m/1/CLAIM", new byte[] {2});
        store.createIfAbsent("m/1/CLAIM", new byte[] {3});
        try (var files = Files.list(tmp.resolve("store/m"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("@prod", "1");
        }
        assertThat(store.list("m/")).containsExactlyInAnyOrder("m/@prod", "m/1/CLAIM");
    }
}
