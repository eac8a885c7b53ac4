// Restricted unpickler for PyTorch checkpoints (pickle protocols 2 to 5,
// https://github.com/python/cpython/blob/main/Lib/pickletools.py documents every opcode).
// torch.save writes: PROTO, the containers (EMPTY_DICT/LIST/TUPLE, MARK, TUPLE1-3, SETITEM(S),
// APPEND(S)), numbers, strings, memo puts/gets, GLOBAL for collections.OrderedDict and
// torch._utils._rebuild_tensor_v2, REDUCE to call them, BUILD to set OrderedDict metadata, and
// BINPERSID for storages, whose persistent id is ('storage', torch.XStorage, key, location, numel).
// Nothing is imported or executed: GLOBAL resolves only names on the allow-list below and any
// other (posix.system, builtins.eval...) is refused by name. Hostile input is bounded: the stack,
// mark stack and memo have size limits, lengths are checked against the bytes left, the machine
// is a loop (no recursion), and dict keys are never hashed.
using System.Buffers.Binary;
using System.Text;
using Warble.Tensors;

namespace Warble.Formats;

/// <summary>Evaluates a checkpoint's data.pkl into dicts, lists, tuples, scalars and tensor views.</summary>
internal sealed class Unpickler
{
    private const int MaxStack = 1 << 20;
    private const int MaxMarks = 1 << 12;
    private const int MaxMemo = 1 << 22;
    private static readonly object Mark = new();

    private static readonly HashSet<string> AllowedGlobals =
    [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
        "torch.HalfStorage", "torch.FloatStorage", "torch.BFloat16Storage", "torch.DoubleStorage",
        "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage",
        "torch.ByteStorage", "torch.BoolStorage",
    ];

    private readonly BinaryCursor cursor;
    private readonly Func<string, ByteRegion> storages;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<uint, object?> memo = [];

    private Unpickler(ByteRegion pickle, Func<string, ByteRegion> storages)
    {
        cursor = new BinaryCursor(pickle);
        this.storages = storages;
    }

    /// <summary>Evaluates <paramref name="pickle"/>; <paramref name="storages"/> returns the bytes of storage KEY.</summary>
    public static object? Load(ByteRegion pickle, Func<string, ByteRegion> storages) => new Unpickler(pickle, storages).Run();

    private object? Run()
    {
        while (true)
        {
            long at = cursor.Position;
            byte op = cursor.ReadU8();
            if (op == '.')
            {
                return Pop(at);
            }

            Step(op, at);
            if (stack.Count > MaxStack)
            {
                throw Fail(at, $"pickle stack exceeds {MaxStack} items");
            }
        }
    }

    private void Step(byte op, long at)
    {
        switch (op)
        {
            case 0x80: cursor.ReadU8(); break;
            case 0x95: cursor.Skip(8); break;
            case (byte)'(': PushMark(at); break;
            case (byte)'}': stack.Add(new PickleDict()); break;
            case (byte)']': stack.Add(new List<object?>()); break;
            case (byte)')': stack.Add(Array.Empty<object?>()); break;
            case (byte)'t': stack.Add(PopToMark(at).ToArray()); break;
            case 0x85: stack.Add(new[] { Pop(at) }); break;
            case 0x86: stack.Add(PopMany(2, at)); break;
            case 0x87: stack.Add(PopMany(3, at)); break;
            case (byte)'l': stack.Add(PopToMark(at)); break;
            case (byte)'d': stack.Add(ToDict(PopToMark(at), at)); break;
            case (byte)'a': AppendTo(Peek(at, 1), [Pop(at)], at); break;
            case (byte)'e': var items = PopToMark(at); AppendTo(Peek(at, 0), items, at); break;
            case (byte)'s': var pair = PopMany(2, at); DictOf(Peek(at, 0), at).Items.Add(new(pair[0], pair[1])); break;
            case (byte)'u': var pairs = ToDict(PopToMark(at), at); DictOf(Peek(at, 0), at).Items.AddRange(pairs.Items); break;
            case (byte)'J': stack.Add((long)cursor.ReadI32()); break;
            case (byte)'K': stack.Add((long)cursor.ReadU8()); break;
            case (byte)'M': stack.Add((long)cursor.ReadU16()); break;
            case 0x8a: stack.Add(ReadLong(cursor.ReadU8(), at)); break;
            case 0x8b: stack.Add(ReadLong(cursor.ReadI32(), at)); break;
            case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(cursor.Take(8))); break;
            case (byte)'N': stack.Add(null); break;
            case 0x88: stack.Add(true); break;
            case 0x89: stack.Add(false); break;
            case (byte)'X': stack.Add(ReadText(cursor.ReadU32())); break;
            case 0x8c: stack.Add(ReadText(cursor.ReadU8())); break;
            case 0x8d: stack.Add(ReadText(cursor.ReadU64())); break;
            case (byte)'T': stack.Add(ReadText((uint)cursor.ReadI32())); break;
            case (byte)'U': stack.Add(ReadText(cursor.ReadU8())); break;
            case (byte)'B': stack.Add(cursor.Take(cursor.ReadU32()).ToArray()); break;
            case (byte)'C': stack.Add(cursor.Take(cursor.ReadU8()).ToArray()); break;
            case (byte)'c': stack.Add(Global(ReadLine(), ReadLine(), at)); break;
            case 0x93: var names = PopMany(2, at); stack.Add(Global(names[0] as string, names[1] as string, at)); break;
            case (byte)'Q': stack.Add(PersistentLoad(Pop(at), at)); break;
            case (byte)'R': var args = Pop(at); stack.Add(Reduce(Pop(at), args, at)); break;
            case (byte)'b': Build(Pop(at), Peek(at, 0), at); break;
            case (byte)'q': Put(cursor.ReadU8(), at); break;
            case (byte)'r': Put(cursor.ReadU32(), at); break;
            case 0x94: Put((uint)memo.Count, at); break;
            case (byte)'h': stack.Add(Get(cursor.ReadU8(), at)); break;
            case (byte)'j': stack.Add(Get(cursor.ReadU32(), at)); break;
            case (byte)'0': Pop(at); break;
            case (byte)'1': PopToMark(at); break;
            case (byte)'2': stack.Add(Peek(at, 0)); break;
            default: throw Fail(at, $"pickle opcode 0x{op:x2} is not one torch.save writes");
        }
    }

    private ModelFormatException Fail(long at, string what) => cursor.Region.Fail(at, what);

    private void PushMark(long at)
    {
        if (marks.Count >= MaxMarks)
        {
            throw Fail(at, $"pickle nests more than {MaxMarks} MARKs");
        }

        marks.Push(stack.Count);
    }

    private object? Pop(long at)
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count))
        {
            throw Fail(at, "pickle stack underflow");
        }

        object? top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private object? Peek(long at, int depth)
    {
        int floor = marks.Count > 0 ? marks.Peek() : 0;
        return stack.Count - 1 - depth >= floor ? stack[stack.Count - 1 - depth] : throw Fail(at, "pickle stack underflow");
    }

    private object?[] PopMany(int count, long at)
    {
        var values = new object?[count];
        for (int i = count - 1; i >= 0; i--)
        {
            values[i] = Pop(at);
        }

        return values;
    }

    private List<object?> PopToMark(long at)
    {
        if (marks.Count == 0)
        {
            throw Fail(at, "pickle has no MARK to pop to");
        }

        int mark = marks.Pop();
        List<object?> items = stack.GetRange(mark, stack.Count - mark);
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    private PickleDict ToDict(List<object?> items, long at)
    {
        if (items.Count % 2 != 0)
        {
            throw Fail(at, "pickle dict has an odd number of items");
        }

        var dict = new PickleDict();
        for (int i = 0; i < items.Count; i += 2)
        {
            dict.Items.Add(new(items[i], items[i + 1]));
        }

        return dict;
    }

    private PickleDict DictOf(object? target, long at) => target as PickleDict ?? throw Fail(at, "pickle SETITEM on something that is not a dict");

    private void AppendTo(object? target, List<object?> items, long at)
    {
        if (target is not List<object?> list)
        {
            throw Fail(at, "pickle APPEND on something that is not a list");
        }

        list.AddRange(items);
    }

    private void Put(uint index, long at)
    {
        if (memo.Count >= MaxMemo && !memo.ContainsKey(index))
        {
            throw Fail(at, $"pickle memo exceeds {MaxMemo} entries");
        }

        memo[index] = Peek(at, 0);
    }

    private object? Get(uint index, long at) => memo.TryGetValue(index, out object? value) ? value : throw Fail(at, $"pickle memo has no entry {index}");

    private long ReadLong(int length, long at)
    {
        if (length is < 0 or > 8)
        {
            throw Fail(at, $"pickle integer of {length} bytes is out of range");
        }

        ReadOnlySpan<byte> bytes = cursor.Take(length);
        long value = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Two's complement: sign-extend from the top byte.
        return length is > 0 and < 8 && (bytes[^1] & 0x80) != 0 ? value - (1L << (8 * length)) : value;
    }

    private string ReadText(ulong length)
    {
        if (length > (ulong)cursor.Remaining)
        {
            throw cursor.Fail($"pickle string of {length} bytes runs past the end");
        }

        return Encoding.UTF8.GetString(cursor.Take((long)length));
    }

    private string ReadLine()
    {
        var bytes = new List<byte>();
        for (byte b = cursor.ReadU8(); b != '\n'; b = cursor.ReadU8())
        {
            if (bytes.Count > 256)
            {
                throw cursor.Fail("pickle GLOBAL name longer than 256 bytes");
            }

            bytes.Add(b);
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private PickleGlobal Global(string? module, string? name, long at)
    {
        var global = new PickleGlobal(module ?? "?", name ?? "?");
        return AllowedGlobals.Contains(global.ToString())
            ? global
            : throw Fail(at, $"pickle refers to '{global}', which is not a torch rebuild function or storage type: refused (nothing is executed)");
    }

    private TorchStorage PersistentLoad(object? pid, long at)
    {
        if (pid is not object?[] { Length: 5 } id || id[0] is not "storage" || id[1] is not PickleGlobal type
            || id[2] is not string key || id[4] is not long count || count < 0)
        {
            throw Fail(at, "pickle persistent id is not ('storage', type, key, location, numel)");
        }

        DType dtype = type.Name switch
        {
            "HalfStorage" => DType.F16,
            "FloatStorage" => DType.F32,
            "BFloat16Storage" => DType.BF16,
            "DoubleStorage" => DType.F64,
            "LongStorage" => DType.I64,
            "IntStorage" => DType.I32,
            "ShortStorage" => DType.I16,
            "CharStorage" => DType.I8,
            "ByteStorage" => DType.U8,
            "BoolStorage" => DType.Bool,
            _ => throw Fail(at, $"pickle persistent id names {type}, not a storage type"),
        };
        ByteRegion data = storages(key);
        if (count > data.Length / dtype.BlockBytes())
        {
            throw Fail(at, $"storage '{key}' claims {count} {dtype.Name()} values but holds {data.Length} bytes");
        }

        return new TorchStorage(dtype, data, count);
    }

    private object? Reduce(object? callable, object? args, long at)
    {
        if (callable is not PickleGlobal global || args is not object?[] arguments)
        {
            throw Fail(at, "pickle REDUCE of something that is not an allowed function with a tuple");
        }

        return global.ToString() switch
        {
            "collections.OrderedDict" when arguments.Length == 0 => new PickleDict(),
            "torch._utils._rebuild_tensor_v2" => TorchTensorRebuild.RebuildTensorV2(arguments, cursor.Region, at),
            "torch._utils._rebuild_parameter" when arguments.Length >= 1 && arguments[0] is TensorView tensor => tensor,
            _ => throw Fail(at, $"pickle calls {global} with unexpected arguments"),
        };
    }

    private void Build(object? state, object? target, long at)
    {
        // OrderedDict state (state_dict's _metadata) carries nothing the loader needs.
        if (target is not (PickleDict or TensorView))
        {
            throw Fail(at, "pickle BUILD on an object Warble does not rebuild");
        }

        GC.KeepAlive(state);
    }
}
