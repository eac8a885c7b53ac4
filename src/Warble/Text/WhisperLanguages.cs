namespace Warble.Text;

/// <summary>openai-whisper's <c>LANGUAGES</c> (in token order) and <c>TO_LANGUAGE_CODE</c> (tokenizer.py).</summary>
internal static class WhisperLanguages
{
    /// <summary>Language codes and names in the order of their tokens after <c>&lt;|startoftranscript|&gt;</c>.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("en", "english"), ("zh", "chinese"), ("de", "german"), ("es", "spanish"),
        ("ru", "russian"), ("ko", "korean"), ("fr", "french"), ("ja", "japanese"),
        ("pt", "portuguese"), ("tr", "turkish"), ("pl", "polish"), ("ca", "catalan"),
        ("nl", "dutch"), ("ar", "arabic"), ("sv", "swedish"), ("it", "italian"),
        ("id", "indonesian"), ("hi", "hindi"), ("fi", "finnish"), ("vi", "vietnamese"),
        ("he", "hebrew"), ("uk", "ukrainian"), ("el", "greek"), ("ms", "malay"),
        ("cs", "czech"), ("ro", "romanian"), ("da", "danish"), ("hu", "hungarian"),
        ("ta", "tamil"), ("no", "norwegian"), ("th", "thai"), ("ur", "urdu"),
        ("hr", "croatian"), ("bg", "bulgarian"), ("lt", "lithuanian"), ("la", "latin"),
        ("mi", "maori"), ("ml", "malayalam"), ("cy", "welsh"), ("sk", "slovak"),
        ("te", "telugu"), ("fa", "persian"), ("lv", "latvian"), ("bn", "bengali"),
        ("sr", "serbian"), ("az", "azerbaijani"), ("sl", "slovenian"), ("kn", "kannada"),
        ("et", "estonian"), ("mk", "macedonian"), ("br", "breton"), ("eu", "basque"),
        ("is", "icelandic"), ("hy", "armenian"), ("ne", "nepali"), ("mn", "mongolian"),
        ("bs", "bosnian"), ("kk", "kazakh"), ("sq", "albanian"), ("sw", "swahili"),
        ("gl", "galician"), ("mr", "marathi"), ("pa", "punjabi"), ("si", "sinhala"),
        ("km", "khmer"), ("sn", "shona"), ("yo", "yoruba"), ("so", "somali"),
        ("af", "afrikaans"), ("oc", "occitan"), ("ka", "georgian"), ("be", "belarusian"),
        ("tg", "tajik"), ("sd", "sindhi"), ("gu", "gujarati"), ("am", "amharic"),
        ("yi", "yiddish"), ("lo", "lao"), ("uz", "uzbek"), ("fo", "faroese"),
        ("ht", "haitian creole"), ("ps", "pashto"), ("tk", "turkmen"), ("nn", "nynorsk"),
        ("mt", "maltese"), ("sa", "sanskrit"), ("lb", "luxembourgish"), ("my", "myanmar"),
        ("bo", "tibetan"), ("tl", "tagalog"), ("mg", "malagasy"), ("as", "assamese"),
        ("tt", "tatar"), ("haw", "hawaiian"), ("ln", "lingala"), ("ha", "hausa"),
        ("ba", "bashkir"), ("jw", "javanese"), ("su", "sundanese"), ("yue", "cantonese"),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["burmese"] = "my",
        ["valencian"] = "ca",
        ["flemish"] = "nl",
        ["haitian"] = "ht",
        ["letzeburgesch"] = "lb",
        ["pushto"] = "ps",
        ["panjabi"] = "pa",
        ["moldavian"] = "ro",
        ["moldovan"] = "ro",
        ["sinhalese"] = "si",
        ["castilian"] = "es",
        ["mandarin"] = "zh",
    };

    private static readonly Dictionary<string, int> IndexByCode = BuildIndex();

    /// <summary>The position of <paramref name="code"/> in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string code) => IndexByCode.GetValueOrDefault(code, -1);

    /// <summary>
    /// A language code from a code or an English name (any case), with openai's aliases, as
    /// <c>get_tokenizer</c> resolves its <c>language</c> argument; null if unknown.
    /// </summary>
    public static string? ToCode(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var lower = language.ToLowerInvariant();
        if (IndexByCode.ContainsKey(lower))
        {
            return lower;
        }

        foreach (var (code, name) in All)
        {
            if (name == lower)
            {
                return code;
            }
        }

        return Aliases.GetValueOrDefault(lower);
    }

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < All.Count; i++)
        {
            index[All[i].Code] = i;
        }

        return index;
    }
}
