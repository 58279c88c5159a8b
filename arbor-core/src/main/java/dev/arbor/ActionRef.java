package dev.arbor;

import dev.arbor.internal.ApiHooks;
import java.util.List;

/**
 * A typed reference to one server action, generated as a constant ({@code PostActions_.createPost}).
 * Templates give it to {@link Forms#form(ActionRef, gg.jte.Content)}; actions with bound parameters are
 * first given their values with {@link #bind(Object...)}. Only generated code makes them, through
 * {@link dev.arbor.spi.ActionRefs}.
 */
public final class ActionRef {
    private final String key;
    private final List<Class<?>> boundTypes;
    private final List<Object> boundValues;

    static {
        ApiHooks.setActionRefs(ActionRef::new);
    }

    private ActionRef(String key, List<Class<?>> boundTypes) {
        this(key, boundTypes, List.of());
    }

    private ActionRef(String key, List<Class<?>> boundTypes, List<Object> boundValues) {
        this.key = key;
        this.boundTypes = List.copyOf(boundTypes);
        this.boundValues = boundValues;
    }

    /** This action with its bound parameters fixed, such as the id of the post a delete button deletes. */
    public ActionRef bind(Object... values) {
        if (values.length != boundTypes.size()) {
            throw new IllegalArgumentException(key + " takes " + boundTypes.size() + " bound value(s), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || !box(boundTypes.get(i)).isInstance(values[i])) {
                throw new IllegalArgumentException(key + ": bound value " + i + " must be a " + boundTypes.get(i).getSimpleName());
            }
        }
        return new ActionRef(key, boundTypes, List.of(values));
    }

    public String key() {
        return key;
    }

    public List<Class<?>> boundTypes() {
        return boundTypes;
    }

    public List<Object> boundValues() {
        return boundValues;
    }

    /** Whether the bound values this action needs have been given. */
    public boolean isComplete() {
        return boundValues.size() == boundTypes.size();
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "long" -> Long.class;
            case "int" -> Integer.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> Float.class;
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
