package dev.modeldeploy.api.store.file;

import dev.modeldeploy.api.error.InvalidModelUriException;
import dev.modeldeploy.api.internal.FileTrees;
import dev.modeldeploy.api.store.ModelStore;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store in a local or mounted folder ({@code file:} URIs). Every write goes to a temporary file in
 * the same folder first and is then moved or linked into place, so objects appear complete; a
 * create-only write is a hard link, which the file system makes atomically across processes.
 * Thread-safe.
 */
public final class FileModelStore implements ModelStore {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;
    private final URI rootUri;

    /** A store rooted at this folder (created on first write). */
    public FileModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.rootUri = this.root.toUri();
    }

    @Override
    public URI root() {
        return rootUri;
    }

    private Path resolve(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.contains("\0")) {
            throw new InvalidModelUriException("invalid store key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(TEMP_PREFIX)) {
                throw new InvalidModelUriException("invalid store key: " + key);
            }
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new InvalidModelUriException("store key leaves the store: " + key);
        }
        return p;
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Path temp = tempFileFor(target);
        try {
            Files.write(temp, content);
            try {
                // link() fails if the target exists, atomically: a complete object or none.
                Files.createLink(target, temp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                return createNewFallback(target, content);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // File systems without hard links: O_EXCL creation is still exclusive, but a reader may briefly see
    // a partial object; the repository only keeps tiny objects this way.
    private static boolean createNewFallback(Path target, byte[] content) throws IOException {
        try {
            Files.write(target, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Path temp = tempFileFor(target);
        try {
            Files.write(temp, content);
            FileTrees.moveReplacing(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        Path target = resolve(key);
        Path temp = tempFileFor(target);
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            FileTrees.moveReplacing(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean download(String key, Path target) throws IOException {
        Path source = resolve(key);
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        // Walk only the deepest folder the prefix names completely.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        // A file or folder removed mid-walk (another writer's temporary file) is skipped, not a reason to
        // stop: Files.walk would end the whole listing there and silently drop every later key.
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return keys;
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void close() {
        // Nothing held.
    }

    private static Path tempFileFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), TEMP_PREFIX, ".part");
    }

    @Override
    public String toString() {
        return "FileModelStore[" + rootUri + "]";
    }
}
