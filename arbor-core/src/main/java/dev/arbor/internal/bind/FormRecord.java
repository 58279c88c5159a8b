package dev.arbor.internal.bind;

import dev.arbor.HttpError;
import dev.arbor.UploadedFile;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A record that form fields bind to, worked out once per type: its components by name, how each takes a field's
 * text, and a method handle on its canonical constructor. Binding a form is then one pass over the fields and one
 * constructor call, where Jackson's {@code convertValue} built a second map, serialized it into a token buffer and
 * read that back.
 *
 * <p>It only ever decides a success, never a refusal: it takes what it converts exactly as the form mapper
 * ({@link Json#build(dev.arbor.Limits, boolean)}) does, and for anything else (a component type it does not know,
 * a Jackson annotation on the record, a value it does not take verbatim such as an empty field for a number, a name
 * that is no component, a second value for a single component) {@link #bind} answers {@code null} and the binder
 * goes through Jackson, which answers what it always answered. The one refusal decided here is the record
 * constructor's own, worded as Jackson words it.
 *
 * <p>Types it takes: {@code String}, {@code int}/{@code Integer}, {@code long}/{@code Long}, {@code double}/{@code
 * Double}, {@code BigDecimal}, {@code boolean}/{@code Boolean} (as {@link FormBoolean} reads them), enums, {@code
 * LocalDate}, {@link UploadedFile}, and a {@code List} of any of these.
 */
final class FormRecord {
    /** "Let Jackson decide": a value this class does not convert, or the record it cannot build. */
    private static final Object UNDECIDED = new Object();
    private static final int MAX_COMPONENTS = 64;

    private static final ClassValue<Optional<FormRecord>> RECORDS = new ClassValue<>() {
        @Override
        protected Optional<FormRecord> computeValue(Class<?> type) {
            return Optional.ofNullable(build(type));
        }
    };

    private final Map<String, Integer> indexes;
    private final Component[] components;
    private final MethodHandle constructor;

    private FormRecord(Map<String, Integer> indexes, Component[] components, MethodHandle constructor) {
        this.indexes = indexes;
        this.components = components;
        this.constructor = constructor;
    }

    /** The record's form binding, or null when every form for it goes through Jackson. */
    static FormRecord of(Class<?> type) {
        return RECORDS.get(type).orElse(null);
    }

    /**
     * The record built from the fields (the framework's own, starting with an underscore, skipped) and the files,
     * or null when Jackson must decide.
     *
     * @throws HttpError 400 when the record's constructor refuses the values
     */
    Object bind(Map<String, List<String>> fields, List<UploadedFile> files) {
        Object[] arguments = new Object[components.length];
        long set = 0;
        for (var field : fields.entrySet()) {
            String name = field.getKey();
            if (name.startsWith("_")) {
                continue;
            }
            Integer index = indexes.get(name);
            if (index == null) {
                return null;
            }
            Object value = components[index].fromText(field.getValue());
            if (value == UNDECIDED) {
                return null;
            }
            arguments[index] = value;
            set |= 1L << index;
        }
        long fromText = set;
        for (UploadedFile file : files) {
            if (file.size() == 0 && file.fileName().isEmpty()) {
                continue; // a file input left empty: no file
            }
            Integer index = indexes.get(file.field());
            if (index == null || (fromText & 1L << index) != 0 || !components[index].takesFiles()) {
                return null;
            }
            if (!components[index].list()) {
                if ((set & 1L << index) != 0) {
                    return null; // a second file for one UploadedFile
                }
                arguments[index] = file;
            } else {
                @SuppressWarnings("unchecked")
                List<Object> all = (List<Object>) arguments[index];
                if (all == null) {
                    arguments[index] = all = new ArrayList<>(2);
                }
                all.add(file);
            }
            set |= 1L << index;
        }
        for (int i = 0; i < components.length; i++) {
            if ((set & 1L << i) == 0) {
                Object absent = components[i].absent();
                if (absent == UNDECIDED) {
                    return null;
                }
                arguments[i] = absent;
            }
        }
        try {
            return constructor.invokeExact(arguments);
        } catch (RuntimeException refused) {
            // Jackson's words for a constructor that throws, so that the answer does not depend on the path taken.
            throw HttpError.badRequest(refused instanceof IllegalArgumentException && refused.getMessage() != null
                    ? "Invalid value: " + refused.getMessage() : "Invalid value");
        } catch (Error e) {
            throw e;
        } catch (Throwable checked) {
            // Thrown without being declared. Jackson would answer the same (a ValueInstantiationException), but
            // handing it over would run the constructor, and its side effects, a second time.
            throw HttpError.badRequest("Invalid value");
        }
    }

    /**
     * How one component takes form text: {@code one} converts a single text (or answers {@link #UNDECIDED}),
     * {@code empty} is its value for an empty field, {@code absent} its value when the form does not name it.
     */
    private record Component(Function<String, Object> one, Object empty, Object absent, boolean list, boolean takesFiles) {
        Object fromText(List<String> values) {
            if (takesFiles || values.isEmpty()) {
                return UNDECIDED;
            }
            if (!list) {
                return values.size() == 1 ? convert(values.getFirst()) : UNDECIDED;
            }
            if (values.size() == 1 && FormText.isBlank(values.getFirst())) {
                return UNDECIDED; // one blank value where a list is expected: Jackson's empty-string rules decide
            }
            List<Object> all = new ArrayList<>(values.size());
            for (String text : values) {
                Object value = convert(text);
                if (value == UNDECIDED) {
                    return UNDECIDED;
                }
                all.add(value);
            }
            return all;
        }

        private Object convert(String text) {
            return text.isEmpty() ? empty : one.apply(text);
        }
    }

    private static FormRecord build(Class<?> type) {
        try {
            return introspect(type);
        } catch (RuntimeException | ReflectiveOperationException unreadable) {
            return null; // a record in a package not open to Arbor, a type missing at run time: Jackson answers as it can
        }
    }

    private static FormRecord introspect(Class<?> type) throws ReflectiveOperationException {
        if (!type.isRecord() || hasJacksonAnnotation(type)) {
            return null;
        }
        RecordComponent[] parts = type.getRecordComponents();
        if (parts.length > MAX_COMPONENTS || type.getDeclaredConstructors().length != 1) {
            return null; // a second constructor might be the one Jackson picks
        }
        Map<String, Integer> indexes = new HashMap<>();
        Component[] components = new Component[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            RecordComponent part = parts[i];
            if (hasJacksonAnnotation(part) || hasJacksonAnnotation(part.getAccessor())
                    || part.getName().matches("(is|get|set)[A-Z].*")) {
                return null; // Jackson may see a bean property under another name
            }
            components[i] = component(part.getGenericType());
            if (components[i] == null) {
                return null;
            }
            indexes.put(part.getName(), i);
            types[i] = part.getType();
        }
        for (var field : type.getDeclaredFields()) {
            if (hasJacksonAnnotation(field)) {
                return null;
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (hasJacksonAnnotation(method) || (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                    && !indexes.containsKey(method.getName()) && method.getName().matches("(is|get|set)[A-Z].*"))) {
                return null; // a creator, an any-setter, or a getter Jackson would also use as a property
            }
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        if (hasJacksonAnnotation(canonical) || Arrays.stream(canonical.getParameters()).anyMatch(FormRecord::hasJacksonAnnotation)) {
            return null;
        }
        canonical.setAccessible(true);
        MethodHandle handle = MethodHandles.lookup().unreflectConstructor(canonical)
                .asSpreader(Object[].class, parts.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
        return new FormRecord(Map.copyOf(indexes), components, handle);
    }

    private static Component component(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            Component one = component(element);
            return one == null || element.isPrimitive() ? null : new Component(one.one(), one.empty(), null, true, one.takesFiles());
        }
        if (!(type instanceof Class<?> raw)) {
            return null;
        }
        // An empty field is "no value" (the form mapper's EmptyString coercion): null, except where null is no value.
        if (raw == String.class) {
            return scalar(text -> text, "", null);
        }
        if (raw == int.class || raw == Integer.class) {
            return number(raw, text -> FormText.isWhole(text, 9) ? Integer.valueOf(text) : UNDECIDED);
        }
        if (raw == long.class || raw == Long.class) {
            return number(raw, text -> FormText.isWhole(text, 18) ? Long.valueOf(text) : UNDECIDED);
        }
        if (raw == double.class || raw == Double.class) {
            return number(raw, text -> FormText.isDecimal(text) ? Double.valueOf(text) : UNDECIDED);
        }
        if (raw == BigDecimal.class) {
            return number(raw, text -> FormText.isDecimal(text) ? new BigDecimal(text) : UNDECIDED);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return scalar(text -> orUndecided(FormText.bool(text)), UNDECIDED, raw == boolean.class ? Boolean.FALSE : null);
        }
        if (raw == LocalDate.class) {
            return scalar(text -> orUndecided(FormText.date(text)), null, null);
        }
        if (raw == UploadedFile.class) {
            return new Component(text -> UNDECIDED, UNDECIDED, null, false, true);
        }
        if (raw.isEnum() && !hasJacksonAnnotation(raw) && Arrays.stream(raw.getDeclaredFields()).noneMatch(FormRecord::hasJacksonAnnotation)
                && Arrays.stream(raw.getDeclaredMethods()).noneMatch(FormRecord::hasJacksonAnnotation)) {
            Map<String, Object> byName = new HashMap<>();
            for (Object constant : raw.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
            Map<String, Object> constants = Map.copyOf(byName);
            return scalar(text -> constants.getOrDefault(text, UNDECIDED), null, null);
        }
        return null;
    }

    /** A number: a primitive one has no "no value", and Jackson refuses an empty field or a missing one for it. */
    private static Component number(Class<?> type, Function<String, Object> one) {
        return type.isPrimitive() ? scalar(one, UNDECIDED, UNDECIDED) : scalar(one, null, null);
    }

    private static Object orUndecided(Object value) {
        return value == null ? UNDECIDED : value;
    }

    private static Component scalar(Function<String, Object> one, Object empty, Object absent) {
        return new Component(one, empty, absent, false, false);
    }

    private static boolean hasJacksonAnnotation(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (isJackson(annotation.annotationType())) {
                return true;
            }
            for (Annotation meta : annotation.annotationType().getAnnotations()) {
                if (isJackson(meta.annotationType())) {
                    return true; // @JacksonAnnotationsInside and the like
                }
            }
        }
        return false;
    }

    private static boolean isJackson(Class<? extends Annotation> type) {
        return type.getName().startsWith("com.fasterxml.jackson.");
    }
}
