using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Warble.Formats;
using Warble.Tensors;

namespace Warble.Tests.Support;

/// <summary>
/// <c>torch.save(obj, path)</c>'s zip, in the record order of torch/serialization.py <c>_save</c> and
/// <c>PyTorchStreamWriter</c>, under the archive name torch takes from the file name (model.pt → <c>model/</c>):
/// <c>data.pkl</c>, whose tensors are <c>torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())</c>
/// on persistent ids <c>('storage', torch.FloatStorage, key, 'cpu', numel)</c>; <c>.format_version</c>,
/// <c>.storage_alignment</c> and <c>byteorder</c>; the storages as <c>data/KEY</c> in key order (raw little-endian f32);
/// then the writer's <c>version</c> ("3") and <c>.data/serialization_id</c> (fixed here: torch hashes the records).
/// </summary>
internal sealed class TorchSave
{
    private static readonly PickleGlobal RebuildTensorV2 = new("torch._utils", "_rebuild_tensor_v2");
    private static readonly PickleGlobal FloatStorage = new("torch", "FloatStorage");
    private readonly List<byte[]> storages = [];

    /// <summary>A contiguous f32 tensor on a storage of its own, as a <c>state_dict()</c> entry pickles.</summary>
    public object Tensor(float[] values, int[] shape)
    {
        string key = storages.Count.ToString(CultureInfo.InvariantCulture);
        storages.Add(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        object?[] size = [.. shape.Cast<object?>()];
        object?[] stride = [.. TensorView.ContiguousStrides(shape).Select(s => (object?)checked((int)s))];
        var storage = new Pickler.PersistentId(["storage", FloatStorage, key, "cpu", values.Length]);
        return new Pickler.Call(RebuildTensorV2, [storage, 0, size, stride, false, new Pickler.OrderedDict([])]);
    }

    /// <summary>Writes <paramref name="root"/> (see <see cref="Pickler"/> for the values it takes) and the storages of its tensors.</summary>
    public void Write(string path, object root)
    {
        string archive = Path.GetFileNameWithoutExtension(path) + "/";
        StoredZipWriter.Write(path,
        [
            (archive + "data.pkl", Pickler.Dumps(root)),
            (archive + ".format_version", Text("1")),
            (archive + ".storage_alignment", Text("64")),
            (archive + "byteorder", Text("little")),
            .. storages.Select((data, key) => (archive + "data/" + key.ToString(CultureInfo.InvariantCulture), data)),
            (archive + "version", Text("3\n")),
            (archive + ".data/serialization_id", Text(new string('0', 40))),
        ]);
    }

    private static byte[] Text(string value) => Encoding.ASCII.GetBytes(value);
}
