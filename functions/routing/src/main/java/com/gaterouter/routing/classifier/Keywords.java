package com.gaterouter.routing.classifier;

/**
 * The cue words and two-word phrases behind the keyword features, looked up by the same token
 * hashes {@link FeatureExtractor} computes while scanning, so detection allocates nothing. A word
 * may be in several categories. Lists are English and deliberately general (task verbs, not
 * benchmark vocabulary); spelling variants are listed instead of stemming.
 */
final class Keywords {

    static final int CODE_BIT = 0;
    static final int MATH_BIT = 1;
    static final int CONNECTIVE_BIT = 2;
    static final int REASONING_BIT = 3;
    static final int REASONING_PHRASE_BIT = 4;
    static final int SIMPLE_BIT = 5;
    static final int CHIT_CHAT_BIT = 6;
    static final int CREATIVE_BIT = 7;
    static final int CONSTRAINT_BIT = 8;
    static final int QUESTION_WORD_BIT = 9;
    static final int NEGATION_BIT = 10;
    static final int CATEGORIES = 11;

    static final int SIMPLE = 1 << SIMPLE_BIT;
    static final int QUESTION_WORD = 1 << QUESTION_WORD_BIT;

    private static final String[] CODE = {
        "def", "class", "function", "func", "fn", "return", "import", "const", "let", "var", "void", "static",
        "public", "private", "struct", "impl", "async", "await", "lambda", "println", "printf", "console",
        "nullptr", "null", "boolean", "int", "bool", "str", "dict", "elif", "endif", "typedef", "namespace",
        "python", "javascript", "typescript", "java", "rust", "golang", "kotlin", "swift", "scala", "haskell",
        "sql", "html", "css", "bash", "regex", "json", "yaml", "api", "react", "django", "numpy",
        "pandas", "code", "coding", "script", "program", "compile", "compiler", "debug", "bug", "exception",
        "runtime", "refactor", "repository", "algorithm", "recursion", "recursive", "array", "linked",
        "pointer", "thread", "threads", "mutex", "segfault", "docker", "kubernetes", "backend", "frontend",
        "endpoint", "database", "query", "queries", "unittest", "pytest", "zig", "cpp",
    };
    private static final String[][] CODE_PHRASES = {
        {"#", "include"}, {"stack", "trace"}, {"unit", "tests"}, {"unit", "test"}, {"source", "code"},
        {"c", "+"}, {"data", "structure"}, {"time", "complexity"},
    };
    private static final String[] MATH = {
        "solve", "equation", "equations", "integral", "derivative", "calculate", "compute", "probability",
        "prime", "primes", "theorem", "matrix", "matrices", "polynomial", "sum", "limit", "variance",
        "expected", "geometry", "triangle", "angle", "radius", "ratio", "percent", "percentage", "remainder",
        "divisible", "factor", "factorial", "logarithm", "log", "sqrt", "fraction", "integer", "integers",
        "modulo", "mod", "vector", "eigenvalue", "infinitely", "algebra", "calculus", "dollars", "cost",
        "total", "average", "per", "twice", "half", "area", "volume", "perimeter", "digits", "maximum",
        "minimum", "minimize", "maximize", "sequence", "series", "function", "formula",
    };
    private static final String[][] MATH_PHRASES = {
        {"how", "many"}, {"how", "much"}, {"how", "long"}, {"find", "the"}, {"what", "percentage"},
    };
    private static final String[] CONNECTIVE = {
        "then", "additionally", "furthermore", "moreover", "finally", "also", "afterwards", "next", "lastly",
        "secondly", "thirdly", "firstly", "subsequently",
    };
    private static final String[] REASONING = {
        "prove", "proof", "derive", "derivation", "analyse", "analyze", "analysis", "design", "architect",
        "architecture", "optimise", "optimize", "optimisation", "optimization", "debug", "implement",
        "implementation", "evaluate", "compare", "critique", "tradeoffs", "justify", "strategy", "investigate",
        "diagnose", "refactor", "algorithm", "rigorous", "rigorously", "formally", "efficient", "efficiently",
        "scalable", "simulate", "model", "plan", "reasoning", "why", "assess", "hypothesis", "counterexample",
    };
    private static final String[][] REASONING_PHRASES = {
        {"step", "by"}, {"explain", "why"}, {"prove", "that"}, {"show", "that"}, {"think", "through"},
        {"edge", "cases"}, {"time", "complexity"}, {"unit", "tests"}, {"trade", "offs"}, {"in", "depth"},
        {"pros", "and"}, {"why", "does"}, {"why", "is"}, {"how", "would"}, {"walk", "me"}, {"detailed", "explanation"},
        {"best", "approach"}, {"root", "cause"},
    };
    private static final String[] SIMPLE_WORDS = {
        "summarise", "summarize", "summary", "summarising", "summarizing", "tldr", "classify", "categorize",
        "categorise", "label", "extract", "translate", "translation", "rewrite", "rephrase", "paraphrase",
        "proofread", "grammar", "spelling", "shorten", "define", "definition", "meaning", "synonym",
        "synonyms", "antonym", "sentiment", "keywords", "headline", "title", "convert", "correct", "typos",
        "reword", "simplify", "capitalize", "lowercase", "uppercase", "alphabetize", "sort", "list",
        "french", "spanish", "german", "italian", "english", "chinese", "japanese", "portuguese",
    };
    private static final String[][] SIMPLE_PHRASES = {
        {"what", "is"}, {"who", "is"}, {"who", "was"}, {"when", "did"}, {"when", "was"}, {"where", "is"},
        {"capital", "of"}, {"what", "does"}, {"key", "points"}, {"main", "points"}, {"bullet", "points"},
        {"fix", "the"}, {"in", "one"}, {"one", "sentence"}, {"what", "year"},
    };
    private static final String[] CHIT_CHAT = {
        "hi", "hello", "hey", "thanks", "thank", "joke", "bye", "goodbye", "lol", "cheers", "morning",
        "evening", "weekend", "doing", "chat", "nice", "cool", "awesome",
    };
    private static final String[][] CHIT_CHAT_PHRASES = {
        {"how", "are"}, {"good", "morning"}, {"tell", "me"},
    };
    private static final String[] CREATIVE = {
        "story", "poem", "haiku", "essay", "song", "lyrics", "novel", "fiction", "screenplay", "limerick",
        "sonnet", "blog", "narrative", "fantasy", "character", "characters", "dialogue", "plot", "verse",
    };
    private static final String[] CONSTRAINT = {
        "must", "should", "exactly", "ensure", "without", "constraint", "constraints", "requirement",
        "requirements", "only", "each", "every", "strictly", "never", "always", "minimum", "maximum",
    };
    private static final String[][] CONSTRAINT_PHRASES = {
        {"at", "least"}, {"at", "most"}, {"no", "more"}, {"make", "sure"}, {"do", "not"},
    };
    private static final String[] QUESTION_WORDS = {
        "what", "who", "when", "where", "which", "how", "why", "is", "are", "does", "do", "can", "name",
    };

    private static final String[] NEGATION = {
        "not", "except", "least", "false", "incorrect", "untrue", "cannot", "never", "neither", "nor",
    };
    private static final String[][] NEGATION_PHRASES = {
        {"is", "not"}, {"does", "not"}, {"would", "not"}, {"none", "of"},
    };

    private static final Table WORDS = new Table();
    private static final Table PHRASES = new Table();

    static {
        words(CODE, CODE_BIT);
        phrases(CODE_PHRASES, CODE_BIT);
        words(MATH, MATH_BIT);
        phrases(MATH_PHRASES, MATH_BIT);
        words(CONNECTIVE, CONNECTIVE_BIT);
        words(REASONING, REASONING_BIT);
        phrases(REASONING_PHRASES, REASONING_PHRASE_BIT);
        words(SIMPLE_WORDS, SIMPLE_BIT);
        phrases(SIMPLE_PHRASES, SIMPLE_BIT);
        words(CHIT_CHAT, CHIT_CHAT_BIT);
        phrases(CHIT_CHAT_PHRASES, CHIT_CHAT_BIT);
        words(CREATIVE, CREATIVE_BIT);
        words(CONSTRAINT, CONSTRAINT_BIT);
        phrases(CONSTRAINT_PHRASES, CONSTRAINT_BIT);
        words(QUESTION_WORDS, QUESTION_WORD_BIT);
        words(NEGATION, NEGATION_BIT);
        phrases(NEGATION_PHRASES, NEGATION_BIT);
    }

    private Keywords() {
    }

    /** The categories of a word token (its hash), or 0. */
    static int lookup(long tokenHash) {
        return WORDS.get(tokenHash);
    }

    /** The categories of a two-token phrase (its bigram key), or 0. */
    static int lookupPhrase(long bigramKey) {
        return PHRASES.get(bigramKey);
    }

    private static void words(String[] words, int bit) {
        for (String word : words) {
            WORDS.add(FeatureExtractor.fnv(word), 1 << bit);
        }
    }

    private static void phrases(String[][] phrases, int bit) {
        for (String[] phrase : phrases) {
            PHRASES.add(FeatureExtractor.bigramKey(FeatureExtractor.fnv(phrase[0]), FeatureExtractor.fnv(phrase[1])), 1 << bit);
        }
    }

    /** Open addressing, linear probing; filled once at class initialisation, read-only after. */
    private static final class Table {
        private static final int SIZE = 2048;
        private final long[] keys = new long[SIZE];
        private final int[] values = new int[SIZE];

        void add(long key, int bits) {
            int slot = slot(key);
            while (values[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & (SIZE - 1);
            }
            keys[slot] = key;
            values[slot] |= bits;
        }

        int get(long key) {
            int slot = slot(key);
            while (values[slot] != 0) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & (SIZE - 1);
            }
            return 0;
        }

        private static int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 53);
        }
    }
}
