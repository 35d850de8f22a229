package dev.modeldeploy.api.format;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.FormatNotInstalledException;
import dev.modeldeploy.api.error.ModelException;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The installed model formats, by name. Immutable and thread-safe.
 */
public final class ModelFormats {
    private final Map<String, ModelFormat> byName;

    private ModelFormats(Map<String, ModelFormat> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Every format found by {@link ServiceLoader} in the given class loader. */
    public static ModelFormats installed(ClassLoader loader) {
        return of(ServiceLoader.load(ModelFormat.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** Exactly these formats (later ones with the same name win). */
    public static ModelFormats of(List<ModelFormat> formats) {
        Map<String, ModelFormat> map = new TreeMap<>();
        for (ModelFormat f : formats) {
            map.put(f.name(), f);
        }
        return new ModelFormats(map);
    }

    /** These formats plus others (the others win on a name clash). */
    public ModelFormats with(List<ModelFormat> more) {
        Map<String, ModelFormat> map = new TreeMap<>(byName);
        for (ModelFormat f : more) {
            map.put(f.name(), f);
        }
        return new ModelFormats(map);
    }

    /** The format of this name. */
    public ModelFormat get(String name) {
        ModelFormat f = byName.get(name);
        if (f == null) {
            throw new FormatNotInstalledException(name, byName.keySet());
        }
        return f;
    }

    /** The format that saves this model: the one its info names, which must accept it. */
    public ModelFormat forModel(Model<?, ?, ?> model) {
        ModelFormat f = get(model.info().format());
        if (!f.canSave(model)) {
            throw new ModelException("format '" + f.name() + "' cannot save model " + model.info().name()
                    + " of class " + model.getClass().getName());
        }
        return f;
    }

    /** Names of the installed formats, sorted. */
    public Collection<String> names() {
        return byName.keySet();
    }
}
