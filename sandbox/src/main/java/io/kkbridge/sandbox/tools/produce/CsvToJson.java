package io.kkbridge.sandbox.tools.produce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import io.kkbridge.sandbox.tools.ToolException;
import io.kkbridge.streams.serde.Json;

/**
 * Turns a CSV row into a JSON object: one field per column, in column order, named after the column or its
 * {@code --rename}, typed by {@code --type} (strings by default, see {@link FieldType}).
 */
public final class CsvToJson {

    private final List<String> names;
    private final List<FieldType> types;
    private final Map<String, Integer> indexByName;

    private CsvToJson(List<String> names, List<FieldType> types) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.indexByName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            indexByName.put(names.get(i), i);
        }
    }

    /**
     * @param renames column name to field name ({@code --rename OLD=NEW})
     * @param typeSpecs field name (after renaming) to type spec ({@code --type FIELD=TYPE})
     */
    public static CsvToJson create(List<String> columns, Map<String, String> renames, Map<String, String> typeSpecs,
                                   ZoneId zone) {
        for (String from : renames.keySet()) {
            if (!columns.contains(from)) {
                throw new ToolException("--rename " + from + "=" + renames.get(from) + ": there is no column '" + from
                        + "'; the columns are " + String.join(", ", columns));
            }
        }
        List<String> names = new ArrayList<>(columns.size());
        Map<String, String> sourceOf = new LinkedHashMap<>();
        for (String column : columns) {
            String name = renames.getOrDefault(column, column).trim();
            if (name.isEmpty()) {
                throw new ToolException("--rename " + column + "=: the new name is empty");
            }
            String clash = sourceOf.putIfAbsent(name, column);
            if (clash != null) {
                throw new ToolException("Columns '" + clash + "' and '" + column + "' would both become field '" + name
                        + "'; check --rename");
            }
            names.add(name);
        }
        List<FieldType> types = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            types.add(FieldType.STRING);
        }
        for (Map.Entry<String, String> spec : typeSpecs.entrySet()) {
            int index = names.indexOf(spec.getKey());
            if (index < 0) {
                throw new ToolException("--type " + spec.getKey() + "=" + spec.getValue() + ": there is no field '"
                        + spec.getKey() + "'" + renamedHint(spec.getKey(), renames) + "; the fields are "
                        + String.join(", ", names));
            }
            try {
                types.set(index, FieldType.parse(spec.getValue(), zone));
            } catch (IllegalArgumentException e) {
                throw new ToolException("--type " + spec.getKey() + "=" + spec.getValue() + ": " + e.getMessage());
            }
        }
        return new CsvToJson(names, types);
    }

    /** The JSON field names, in order. */
    public List<String> fieldNames() {
        return names;
    }

    /** The index of a field (after renaming), or -1. */
    public int indexOf(String fieldName) {
        return indexByName.getOrDefault(fieldName, -1);
    }

    /** The compact JSON bytes of a row; throws {@link IllegalArgumentException} naming the field that is bad. */
    public byte[] toJson(List<String> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + values.size() * 24);
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            for (int i = 0; i < names.size(); i++) {
                out.writeFieldName(names.get(i));
                try {
                    types.get(i).write(out, values.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field '" + names.get(i) + "' (" + types.get(i).spec() + "): "
                            + e.getMessage(), e);
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Names the field a column was renamed to, when the user typed the column's name. */
    static String renamedHint(String name, Map<String, String> renames) {
        String to = renames.get(name);
        return to == null ? "" : " (column '" + name + "' is renamed to '" + to + "'; use the new name)";
    }
}
