package com.manage2soar.aliassync.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.manage2soar.aliassync.model.ApiLists;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams an M2S {@code /api/email-lists/} response into {@link ApiLists}, accepting both list
 * shapes ({@code "name": [...]} and the older {@code "name": {"emails": [...], ...}}). Anything of
 * the wrong type makes the whole response unusable: a half-read response must never shrink a list.
 */
public final class ApiResponseParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private ApiResponseParser() {}

    public static ApiLists parse(InputStream body) throws InvalidResponseException, IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the response", p);
            Map<String, List<String>> lists = Map.of();
            List<String> whitelist = List.of();
            List<String> bypass = List.of();
            boolean sawLists = false;
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (!seen.add(field)) {
                    throw new InvalidResponseException("\"" + field + "\" appears twice in the response");
                }
                JsonToken value = p.nextToken();
                switch (field) {
                    case "lists" -> {
                        lists = lists(p, value);
                        sawLists = true;
                    }
                    case "whitelist" -> whitelist = strings(p, value, "whitelist");
                    case "bypass_lists" -> bypass = strings(p, value, "bypass_lists");
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidResponseException("trailing data after the JSON object");
            }
            if (!sawLists) {
                throw new InvalidResponseException("no \"lists\" object in the response");
            }
            return new ApiLists(lists, whitelist, bypass);
        } catch (JsonProcessingException e) {
            throw new InvalidResponseException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, List<String>> lists(JsonParser p, JsonToken token)
            throws IOException, InvalidResponseException {
        expect(token, JsonToken.START_OBJECT, "\"lists\"", p);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String where = "list \"" + name + "\"";
            JsonToken value = p.nextToken();
            List<String> members = value == JsonToken.START_OBJECT ? emailsOf(p, where) : strings(p, value, where);
            if (lists.putIfAbsent(name, members) != null) {
                throw new InvalidResponseException(where + " appears twice");
            }
        }
        return lists;
    }

    /** The older shape: {@code {"description": ..., "count": ..., "emails": [...]}}. */
    private static List<String> emailsOf(JsonParser p, String where) throws IOException, InvalidResponseException {
        List<String> emails = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("emails")) {
                emails = strings(p, value, where + " emails");
            } else {
                p.skipChildren();
            }
        }
        if (emails == null) {
            throw new InvalidResponseException(where + " is an object without \"emails\"");
        }
        return emails;
    }

    /** An array of strings; {@code null} counts as empty, as the older API sends for optional keys. */
    private static List<String> strings(JsonParser p, JsonToken token, String where)
            throws IOException, InvalidResponseException {
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(token, JsonToken.START_ARRAY, where, p);
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) { // the message is made only here: a list of 500 is read per entry
                expect(t, JsonToken.VALUE_STRING, "an entry of " + where, p);
            }
            out.add(p.getText());
        }
        return out;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what, JsonParser p)
            throws InvalidResponseException {
        if (actual != expected) {
            throw new InvalidResponseException(what + " must be " + describe(expected) + ", found "
                    + (actual == null ? "end of input" : describe(actual)) + " at line "
                    + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
