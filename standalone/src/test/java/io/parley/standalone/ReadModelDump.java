package io.parley.standalone;

import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read models' documents, by collection and id, for comparing the read models live with those a replay rebuilds.
 * Field order is left out: a projection that set a field in a later batch appends it, one that replays in one batch
 * writes the document whole, and the two are the same document to every reader.
 */
final class ReadModelDump {

    private ReadModelDump() {
    }

    static Map<String, List<String>> of(MongoTemplate mongo, List<String> collections) {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String collection : collections) {
            List<String> docs = new ArrayList<>();
            for (Document doc : mongo.getCollection(collection).find().sort(Sorts.ascending("_id"))) {
                docs.add(((Document) sorted(doc)).toJson());
            }
            dump.put(collection, docs);
        }
        return dump;
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document sorted = new Document();
            new TreeMap<>(map).forEach((key, field) -> sorted.put((String) key, sorted(field)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReadModelDump::sorted).toList();
        }
        return value;
    }
}
