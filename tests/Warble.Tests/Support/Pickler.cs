using System.Text;
using Warble.Formats;

namespace Warble.Tests.Support;

/// <summary>
/// A pickle protocol 2 writer for the values torch.save pickles, with the opcodes CPython's <c>pickle.Pickler</c> picks
/// for them (pickletools documents each): dicts as EMPTY_DICT then SETITEM(S) in batches of 1000, tuples as
/// EMPTY_TUPLE / TUPLE1-3 / MARK … TUPLE, ints as BININT1 / BININT2 / BININT, str as BINUNICODE, GLOBAL and REDUCE for
/// calls, BINPERSID for persistent ids. Only strings and globals are memoized (Python also memoizes containers), so a
/// repeated name is a BINGET as in a real checkpoint.
/// Values are <see cref="KeyValuePair{TKey, TValue}"/> arrays (dicts), <c>object?[]</c> (tuples), int, bool, string, null,
/// <see cref="PickleGlobal"/> and the records below.
/// </summary>
internal sealed class Pickler
{
    private const int BatchSize = 1000;
    private readonly MemoryStream buffer = new();
    private readonly BinaryWriter w;
    private readonly Dictionary<string, int> memo = [];

    private Pickler() => w = new BinaryWriter(buffer, Encoding.UTF8);

    /// <summary>The pickle of <paramref name="value"/>: PROTO 2, the value, STOP.</summary>
    public static byte[] Dumps(object? value)
    {
        var pickler = new Pickler();
        pickler.w.Write([0x80, 2]);
        pickler.Save(value);
        pickler.w.Write((byte)'.');
        return pickler.buffer.ToArray();
    }

    private void Save(object? value)
    {
        switch (value)
        {
            case null: w.Write((byte)'N'); break;
            case bool b: w.Write((byte)(b ? 0x88 : 0x89)); break;
            case int n: SaveInt(n); break;
            case string s: Memoized("str:" + s, () => { w.Write((byte)'X'); w.Write(Encoding.UTF8.GetByteCount(s)); w.Write(Encoding.UTF8.GetBytes(s)); }); break;
            case PickleGlobal g: Memoized("global:" + g, () => w.Write(Encoding.UTF8.GetBytes($"c{g.Module}\n{g.Name}\n"))); break;
            case object?[] tuple: SaveTuple(tuple); break;
            case Call call: Save(call.Callable); Save(call.Args); w.Write((byte)'R'); break;
            case PersistentId pid: Save(pid.Id); w.Write((byte)'Q'); break;
            case OrderedDict dict: Save(new Call(new PickleGlobal("collections", "OrderedDict"), [])); SaveItems(dict.Items); break;
            case KeyValuePair<string, object?>[] dict: w.Write((byte)'}'); SaveItems(dict); break;
            default: throw new ArgumentException($"cannot pickle {value.GetType()}", nameof(value));
        }
    }

    private void SaveInt(int n)
    {
        switch (n)
        {
            case >= 0 and <= byte.MaxValue: w.Write((byte)'K'); w.Write((byte)n); break;
            case >= 0 and <= ushort.MaxValue: w.Write((byte)'M'); w.Write((ushort)n); break;
            default: w.Write((byte)'J'); w.Write(n); break;
        }
    }

    private void SaveTuple(object?[] tuple)
    {
        if (tuple.Length is 0 or > 3)
        {
            w.Write((byte)(tuple.Length == 0 ? ')' : '('));
        }

        foreach (object? item in tuple)
        {
            Save(item);
        }

        if (tuple.Length > 0)
        {
            w.Write((byte)(tuple.Length switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => 't' }));
        }
    }

    private void SaveItems(IReadOnlyList<KeyValuePair<string, object?>> items)
    {
        foreach (KeyValuePair<string, object?>[] batch in items.Chunk(BatchSize))
        {
            if (batch.Length > 1)
            {
                w.Write((byte)'(');
            }

            foreach (var (key, value) in batch)
            {
                Save(key);
                Save(value);
            }

            w.Write((byte)(batch.Length > 1 ? 'u' : 's'));
        }
    }

    /// <summary>The first time: the value, then BINPUT / LONG_BINPUT; after that: BINGET / LONG_BINGET.</summary>
    private void Memoized(string key, Action write)
    {
        if (memo.TryGetValue(key, out int index))
        {
            WriteMemoOp(index < 256 ? 'h' : 'j', index);
            return;
        }

        write();
        index = memo.Count;
        memo.Add(key, index);
        WriteMemoOp(index < 256 ? 'q' : 'r', index);
    }

    private void WriteMemoOp(char op, int index)
    {
        w.Write((byte)op);
        if (index < 256)
        {
            w.Write((byte)index);
        }
        else
        {
            w.Write(index);
        }
    }

    /// <summary><c>callable(*args)</c>: the callable, the argument tuple, REDUCE.</summary>
    public sealed record Call(PickleGlobal Callable, object?[] Args);

    /// <summary>What a Pickler's <c>persistent_id</c> returned: the id tuple, then BINPERSID.</summary>
    public sealed record PersistentId(object?[] Id);

    /// <summary>A collections.OrderedDict, pickled through its <c>__reduce__</c>: <c>OrderedDict()</c>, then its items.</summary>
    public sealed record OrderedDict(KeyValuePair<string, object?>[] Items);
}
