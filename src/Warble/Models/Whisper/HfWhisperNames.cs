using System.Text.RegularExpressions;
using Warble.Formats;

namespace Warble.Models.Whisper;

/// <summary>
/// Maps Hugging Face <c>WhisperForConditionalGeneration</c> tensor names to openai-whisper's, the
/// inverse of transformers' <c>convert_openai_to_hf.py</c> WHISPER_MAPPING.
/// </summary>
internal static partial class HfWhisperNames
{
    private static readonly (string Hf, string OpenAi)[] LayerParts =
    [
        ("self_attn_layer_norm", "attn_ln"),
        ("encoder_attn_layer_norm", "cross_attn_ln"),
        ("final_layer_norm", "mlp_ln"),
        ("self_attn.q_proj", "attn.query"),
        ("self_attn.k_proj", "attn.key"),
        ("self_attn.v_proj", "attn.value"),
        ("self_attn.out_proj", "attn.out"),
        ("encoder_attn.q_proj", "cross_attn.query"),
        ("encoder_attn.k_proj", "cross_attn.key"),
        ("encoder_attn.v_proj", "cross_attn.value"),
        ("encoder_attn.out_proj", "cross_attn.out"),
        ("fc1", "mlp.0"),
        ("fc2", "mlp.2"),
    ];

    /// <summary>The openai name, or null for a tensor openai does not store (the tied <c>proj_out.weight</c>).</summary>
    public static string? ToOpenAi(string hf, string file)
    {
        string name = hf.StartsWith("model.", StringComparison.Ordinal) ? hf["model.".Length..] : hf;
        switch (name)
        {
            case "proj_out.weight":
                return null;
            case "encoder.embed_positions.weight":
                return "encoder.positional_embedding";
            case "decoder.embed_positions.weight":
                return "decoder.positional_embedding";
            case "decoder.embed_tokens.weight":
                return "decoder.token_embedding.weight";
        }

        Match layer = LayerName().Match(name);
        if (layer.Success)
        {
            string rest = layer.Groups["rest"].Value;
            foreach (var (from, to) in LayerParts)
            {
                if (rest.StartsWith(from + ".", StringComparison.Ordinal))
                {
                    return $"{layer.Groups["side"].Value}.blocks.{layer.Groups["n"].Value}.{to}{rest[from.Length..]}";
                }
            }
        }
        else if (name.StartsWith("encoder.layer_norm.", StringComparison.Ordinal))
        {
            return "encoder.ln_post." + name["encoder.layer_norm.".Length..];
        }
        else if (name.StartsWith("decoder.layer_norm.", StringComparison.Ordinal))
        {
            return "decoder.ln." + name["decoder.layer_norm.".Length..];
        }
        else if (name.StartsWith("encoder.conv", StringComparison.Ordinal))
        {
            return name;
        }

        throw new ModelFormatException(ErrorText.OneLine($"{file}: tensor '{hf}' is not part of a Hugging Face Whisper model"));
    }

    [GeneratedRegex(@"^(?<side>encoder|decoder)\.layers\.(?<n>\d+)\.(?<rest>.+)$")]
    private static partial Regex LayerName();
}
