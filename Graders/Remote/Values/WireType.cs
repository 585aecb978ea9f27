using System.Collections;
using Grader.Remote.Channel;

namespace Grader.Remote.Values;

/// <summary>
/// How values of one declared type cross the channel, described once from the type (by <see cref="ContractSet"/>,
/// which caches it) and then used to write and read every value of that type. Values are typed by the declaration,
/// never by what a value says it is: a hand-in's subclass or list implementation is written as the declared type, and
/// what is read is always a fresh object of the grader's own types.
/// <list type="bullet">
/// <item><c>bool</c> (one byte, 0 or 1), <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c> (little-endian), enums
/// (a defined value, or for <c>[Flags]</c> a combination of defined bits, as 8 bytes), <c>Nullable&lt;T&gt;</c> of those
/// (a presence byte first).</item>
/// <item><c>string</c> (UTF-8, at most <see cref="RemoteProtocol.MaxStringBytes"/>), <see cref="Tensor"/> (rank,
/// dimensions, float32 data), <see cref="Generator"/> (its state snapshot); null allowed.</item>
/// <item><c>T[]</c> and <c>IReadOnlyList&lt;T&gt;</c> (a count, then the items; read as a <c>T[]</c>),
/// <c>IReadOnlySet&lt;T&gt;</c> of numbers, strings and enums (no item twice; read as a <c>HashSet&lt;T&gt;</c>).</item>
/// <item>Records of a contract assembly, positional or init-only: the properties bound to its widest public constructor
/// whose parameters are all its properties, then its settable properties in ordinal order; get-only properties
/// outside the constructor are derived and recomputed on the other side. Value tuples up to seven items.</item>
/// <item>Contract interfaces: a handle (see <see cref="RemoteChannel"/>).</item>
/// </list>
/// A type that contains itself, or nests more than <see cref="RemoteProtocol.MaxNesting"/> deep, is refused when it is
/// described, so the nesting of every value is bounded by its type.
/// </summary>
public abstract class WireType
{
    private protected WireType(Type type, int minBytes, int depth)
    {
        Type = type;
        MinBytes = minBytes;
        Depth = depth;
    }

    /// <summary>The declared type.</summary>
    public Type Type { get; }

    /// <summary>The fewest bytes a value of this type takes (a count is checked against it before anything is allocated).</summary>
    public int MinBytes { get; }

    /// <summary>How deep values of this type nest (1 for a number or a tensor).</summary>
    public int Depth { get; }

    /// <summary>Writes <paramref name="value"/> (of <see cref="Type"/>); throws <see cref="WireValueException"/> when it cannot cross.</summary>
    internal abstract void Write(FrameWriter writer, object? value, IWireHandles handles);

    /// <summary>Reads a value written by <see cref="Write"/>; a violation of the rules is a <see cref="RemoteHostException"/>.</summary>
    internal abstract object? Read(WireReading reading);

    /// <summary>
    /// The elements a callback is asked to work on in <paramref name="value"/>: a tensor's entries, a list's items, and an
    /// <c>int[]</c> read as the shape it requests (its product, checked in <c>long</c>).
    /// </summary>
    /// <exception cref="WireValueException">An <c>int[]</c> that is no shape (rank past <see cref="RemoteProtocol.MaxRank"/>, a negative dimension, a product past <see cref="long.MaxValue"/>).</exception>
    internal virtual long Elements(object? value) => 0;

    public override string ToString() => Name(Type);

    /// <summary>A type's name as C# writes it (<c>IReadOnlyList&lt;Tensor&gt;</c>).</summary>
    public static string Name(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Name(inner) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick > 0 ? name[..tick] : name) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }

    /// <summary>Describes <paramref name="type"/>; <paramref name="describe"/> describes the types it is made of.</summary>
    /// <exception cref="NotSupportedException">The type cannot cross; the message says why.</exception>
    internal static WireType Create(Type type, Func<Type, WireType> describe, ContractSet contracts)
    {
        if (type == typeof(void))
        {
            return new VoidWire();
        }

        if (type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double))
        {
            return new ScalarWire(type);
        }

        if (type.IsEnum)
        {
            return new EnumWire(type);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = describe(underlying);
            return new NullableWire(type, inner);
        }

        if (type == typeof(string))
        {
            return new StringWire();
        }

        if (type == typeof(Tensor))
        {
            return new TensorWire();
        }

        if (type == typeof(Generator))
        {
            return new GeneratorWire();
        }

        if (type.IsInterface && contracts.Contains(type))
        {
            return new HandleWire(type);
        }

        if (type.IsArray)
        {
            return type.GetArrayRank() == 1
                ? new SequenceWire(type, describe(type.GetElementType()!))
                : throw new NotSupportedException($"a multi-dimensional array ({Name(type)}) can't cross; use a Tensor or a jagged array");
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return new SequenceWire(type, describe(type.GetGenericArguments()[0]));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlySet<>))
        {
            var item = describe(type.GetGenericArguments()[0]);
            return item is ScalarWire { Type: var t } && t != typeof(float) && t != typeof(double) || item is StringWire or EnumWire
                ? new SetWire(type, item)
                : throw new NotSupportedException($"a set of {Name(item.Type)} can't cross (sets hold integers, strings or enums)");
        }

        if (RecordWire.IsValueTuple(type) || contracts.DefinesRecords(type.Assembly))
        {
            return RecordWire.Create(type, describe);
        }

        throw new NotSupportedException(
            $"a {Name(type)} can't cross between the grader and the hand-in (it takes bool, int, long, float, double, enums, " +
            "string, Tensor, Generator, arrays, IReadOnlyList<T>, IReadOnlySet<T>, value tuples, records of a contract assembly and contract interfaces)");
    }

    private protected static int Deeper(params WireType[] parts) => 1 + (parts.Length == 0 ? 0 : parts.Max(p => p.Depth));

    private sealed class VoidWire() : WireType(typeof(void), 0, 0)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
        }

        internal override object? Read(WireReading reading) => null;
    }

    private sealed class ScalarWire(Type type) : WireType(type, type == typeof(bool) ? 1 : type == typeof(int) || type == typeof(float) ? 4 : 8, 1)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (value is bool b) writer.WriteBool(b);
            else if (value is int i) writer.WriteInt(i);
            else if (value is long l) writer.WriteLong(l);
            else if (value is float f) writer.WriteFloat(f);
            else if (value is double d) writer.WriteDouble(d);
            else throw new WireValueException($"a {Name(Type)} was due, not {(value is null ? "null" : Name(value.GetType()))}");
        }

        internal override object? Read(WireReading reading)
        {
            var r = reading.Reader;
            return Type == typeof(bool) ? (object)r.ReadBool()
                : Type == typeof(int) ? (object)r.ReadInt()
                : Type == typeof(long) ? (object)r.ReadLong()
                : Type == typeof(float) ? (object)r.ReadFloat()
                : r.ReadDouble();
        }
    }

    private sealed class EnumWire : WireType
    {
        private readonly HashSet<long> _defined;
        private readonly long _flags;
        private readonly bool _isFlags;

        public EnumWire(Type type)
            : base(type, 8, 1)
        {
            var values = Enum.GetValuesAsUnderlyingType(type).Cast<object>().Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            _defined = [.. values];
            _isFlags = type.IsDefined(typeof(FlagsAttribute), false);
            _flags = values.Aggregate(0L, (a, v) => a | v);
        }

        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (value is null || value.GetType() != Type)
            {
                throw new WireValueException($"a {Name(Type)} was due");
            }

            writer.WriteLong(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        internal override object? Read(WireReading reading)
        {
            long raw = reading.Reader.ReadLong();
            bool ok = _isFlags ? (raw & ~_flags) == 0 : _defined.Contains(raw);
            return ok ? Enum.ToObject(Type, raw) : throw new RemoteHostException($"{raw} is not a value of {Type.Name}");
        }
    }

    private sealed class NullableWire(Type type, WireType inner) : WireType(type, 1, Deeper(inner))
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            writer.WriteBool(value is not null);
            if (value is not null)
            {
                inner.Write(writer, value, handles);
            }
        }

        internal override object? Read(WireReading reading) => reading.Reader.ReadBool() ? inner.Read(reading) : null;
    }

    private sealed class StringWire() : WireType(typeof(string), 4, 1)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (value is string s && System.Text.Encoding.UTF8.GetByteCount(s) > RemoteProtocol.MaxStringBytes)
            {
                throw new WireValueException($"a string of {s.Length} characters is longer than the channel's cap of {RemoteProtocol.MaxStringBytes} bytes");
            }

            writer.WriteString((string?)value);
        }

        internal override object? Read(WireReading reading) => reading.Counted(reading.Reader.ReadString());
    }

    private sealed class TensorWire() : WireType(typeof(Tensor), 4, 1)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (value is Tensor { shape.Length: > RemoteProtocol.MaxRank } t)
            {
                throw new WireValueException($"a tensor of rank {t.shape.Length} can't cross (at most {RemoteProtocol.MaxRank})");
            }

            writer.WriteTensor((Tensor?)value);
        }

        internal override object? Read(WireReading reading) => reading.Counted(reading.Reader.ReadTensor());

        internal override long Elements(object? value) => value is Tensor t ? t.shape.Aggregate(1L, (a, d) => a * d) : 0;
    }

    private sealed class GeneratorWire() : WireType(typeof(Generator), 1, 1)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            writer.WriteBool(value is not null);
            if (value is Generator g)
            {
                writer.WriteRaw(g.GetState());
            }
        }

        internal override object? Read(WireReading reading)
        {
            if (!reading.Reader.ReadBool())
            {
                return null;
            }

            reading.Count();
            return ReadState(reading.Reader, state => Generator.FromState(state));
        }

        /// <summary>A generator state as <see cref="Generator.SetState"/> takes it; a snapshot it refuses breaks the rules.</summary>
        public static T ReadState<T>(FrameReader reader, Func<byte[], T> use)
        {
            var state = reader.ReadRaw(Generator.StateBytes);
            try
            {
                return use(state);
            }
            catch (ArgumentException e)
            {
                throw new RemoteHostException($"a malformed generator state: {e.Message}");
            }
        }
    }

    private sealed class HandleWire(Type type) : WireType(type, 1, 1)
    {
        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (value is null)
            {
                writer.WriteByte(0);
                return;
            }

            if (!Type.IsInstanceOfType(value))
            {
                throw new WireValueException($"an object that is not a {Type.Name} was given where one was due");
            }

            var (tag, handle) = handles.Handle(value);
            writer.WriteByte(tag);
            writer.WriteInt(handle);
        }

        internal override object? Read(WireReading reading)
        {
            var r = reading.Reader;
            switch (r.ReadByte())
            {
                case 0:
                    return null;
                case 1:
                    reading.Count();
                    return reading.Handles.Proxy(r.ReadInt(), Type);
                case 2:
                    var own = reading.Handles.Own(r.ReadInt(), Type);
                    if (own is null)
                    {
                        reading.Released = true;
                        reading.Fault ??= new WireValueException($"a {Name(Type)} handed over for an earlier check, which has ended (objects live as long as their check)");
                    }

                    return own;
                case var tag:
                    throw new RemoteHostException($"unknown object tag {tag}");
            }
        }
    }

    /// <summary>
    /// A list or a set: null as -1, else the count (patched in after the items) and each item by <paramref name="item"/>;
    /// more than <see cref="RemoteProtocol.MaxValues"/> items can't cross when <paramref name="counted"/> (numbers inside
    /// a list are bounded by the frame's bytes instead).
    /// </summary>
    private static void WriteItems(FrameWriter writer, object? value, IWireHandles handles, Type type, WireType item, bool counted, string kind)
    {
        if (value is null)
        {
            writer.WriteInt(-1);
            return;
        }

        if (value is not IEnumerable items)
        {
            throw new WireValueException($"a {Name(type)} was due");
        }

        int start = writer.Length;
        writer.WriteInt(0);
        int count = 0;
        foreach (var element in items)
        {
            if (++count > RemoteProtocol.MaxValues && counted)
            {
                throw new WireValueException($"a {kind} of more than {RemoteProtocol.MaxValues} items can't cross");
            }

            item.Write(writer, element, handles);
        }

        writer.PatchInt(start, count);
    }

    /// <summary>What <see cref="WriteItems"/> wrote, as an array of the item type; null for -1. A null item is a protocol violation unless <paramref name="nullItems"/>.</summary>
    private static Array? ReadItems(WireReading reading, WireType item, int minBytes, bool nullItems)
    {
        int count = reading.Reader.ReadCount(minBytes, nullable: true);
        if (count < 0)
        {
            return null;
        }

        reading.Count();
        var array = Array.CreateInstance(item.Type, count);
        for (int i = 0; i < count; i++)
        {
            var value = item.Read(reading);
            array.SetValue(nullItems ? value : value ?? throw new RemoteHostException("a set holds a null"), i);
        }

        return array;
    }

    private sealed class SequenceWire : WireType
    {
        private readonly WireType _item;
        private readonly bool _counted;

        public SequenceWire(Type type, WireType item)
            : base(type, 4, Deeper(item))
        {
            _item = item;
            _counted = item is not (ScalarWire or EnumWire);
        }

        internal override void Write(FrameWriter writer, object? value, IWireHandles handles) =>
            WriteItems(writer, value, handles, Type, _item, _counted, "list");

        internal override object? Read(WireReading reading) =>
            ReadItems(reading, _item, Math.Max(_item.MinBytes, 1), nullItems: true);

        internal override long Elements(object? value)
        {
            if (value is not IEnumerable items)
            {
                return 0;
            }

            if (value is int[] shape)
            {
                return ShapeElements(shape);
            }

            long total = 0;
            foreach (var item in items)
            {
                total = checked(total + Math.Max(1, _item.Elements(item)));
            }

            return total;
        }

        private static long ShapeElements(int[] shape)
        {
            if (shape.Length > RemoteProtocol.MaxRank)
            {
                throw new WireValueException($"a shape of rank {shape.Length} (at most {RemoteProtocol.MaxRank})");
            }

            long product = 1;
            foreach (var d in shape)
            {
                if (d < 0)
                {
                    throw new WireValueException($"a shape with the negative dimension {d}");
                }

                try
                {
                    product = checked(product * d);
                }
                catch (OverflowException)
                {
                    throw new WireValueException($"a shape [{string.Join(", ", shape)}] whose element count does not fit a long");
                }
            }

            return product;
        }
    }

    private sealed class SetWire(Type type, WireType item) : WireType(type, 4, Deeper(item))
    {
        private readonly Func<Array, object> _create = (Func<Array, object>)typeof(SetWire).GetMethod(nameof(CreateSet), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(item.Type).CreateDelegate(typeof(Func<Array, object>));

        internal override void Write(FrameWriter writer, object? value, IWireHandles handles) =>
            WriteItems(writer, value, handles, Type, item, counted: true, "set");

        internal override object? Read(WireReading reading) =>
            ReadItems(reading, item, item.MinBytes, nullItems: false) is { } array ? _create(array) : null;

        internal override long Elements(object? value) => value is ICollection c ? c.Count : 0;

        private static object CreateSet<T>(Array items)
        {
            var set = new HashSet<T>((T[])items);
            return set.Count == items.Length ? set : throw new RemoteHostException("a set holds an item twice");
        }
    }

    /// <summary>A record or value tuple: its members in a fixed order, built again through its constructor and setters.</summary>
    private sealed class RecordWire : WireType
    {
        private readonly Member[] _members;
        private readonly ConstructorInfo? _constructor;
        private readonly int _bound;

        private RecordWire(Type type, Member[] members, ConstructorInfo? constructor, int bound)
            : base(type, type.IsValueType ? members.Sum(m => m.Wire.MinBytes) : 1, Deeper([.. members.Select(m => m.Wire)]))
        {
            _members = members;
            _constructor = constructor;
            _bound = bound;
        }

        public static bool IsValueTuple(Type type) =>
            type.IsValueType && type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

        public static RecordWire Create(Type type, Func<Type, WireType> describe)
        {
            if (IsValueTuple(type))
            {
                var items = type.GetGenericArguments();
                if (items.Length > 7)
                {
                    throw new NotSupportedException($"a tuple of more than seven items ({Name(type)}) can't cross");
                }

                var fields = items.Select((t, i) => new Member(type.GetField($"Item{i + 1}")!, describe(t))).ToArray();
                return new RecordWire(type, fields, type.GetConstructor(items)!, items.Length);
            }

            if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters)
            {
                throw new NotSupportedException($"{Name(type)} can't cross: it is abstract, generic or an interface of no contract");
            }

            if (type.GetFields(BindingFlags.Public | BindingFlags.Instance).Length > 0)
            {
                throw new NotSupportedException($"{Name(type)} can't cross: it has public fields (a record crosses by its properties)");
            }

            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).ToArray();
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                .Where(c => c.GetParameters().All(p => properties.Any(q => Binds(q, p))))
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault();
            if (constructor is null && !type.IsValueType)
            {
                throw new NotSupportedException($"{Name(type)} can't cross: it has no public constructor whose parameters are all its properties");
            }

            var parameters = constructor?.GetParameters() ?? [];
            var bound = parameters.Select(p => properties.First(q => Binds(q, p))).ToArray();
            var settable = properties.Where(p => !bound.Contains(p) && p.SetMethod is { IsPublic: true }).OrderBy(p => p.Name, StringComparer.Ordinal);
            var members = bound.Concat(settable).Select(p => new Member(p, Describe(type, p, describe))).ToArray();
            return new RecordWire(type, members, constructor, parameters.Length);
        }

        internal override void Write(FrameWriter writer, object? value, IWireHandles handles)
        {
            if (!Type.IsValueType)
            {
                writer.WriteBool(value is not null);
                if (value is null)
                {
                    return;
                }
            }

            if (value is null || !Type.IsInstanceOfType(value))
            {
                throw new WireValueException($"a {Name(Type)} was due");
            }

            foreach (var member in _members)
            {
                member.Wire.Write(writer, member.Get(value), handles);
            }
        }

        internal override object? Read(WireReading reading)
        {
            if (!Type.IsValueType && !reading.Reader.ReadBool())
            {
                return null;
            }

            reading.Count();
            var values = _members.Select(m => m.Wire.Read(reading)).ToArray();
            try
            {
                var value = _constructor is null ? Activator.CreateInstance(Type)! : _constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, values[.._bound], null);
                for (int i = _bound; i < _members.Length; i++)
                {
                    _members[i].Set(value, values[i]);
                }

                return value;
            }
            catch (Exception e) when (e is not RemoteHostException)
            {
                // The record refuses what came (its constructor validates): the receiver gets that as an exception of the call.
                reading.Fault ??= new WireValueException($"a {Name(Type)} could not be built from what came: {e.GetType().Name}: {e.Message}", e);
                return null;
            }
        }

        internal override long Elements(object? value)
        {
            if (value is null)
            {
                return 0;
            }

            long total = 0;
            foreach (var member in _members)
            {
                total = checked(total + member.Wire.Elements(member.Get(value)));
            }

            return total;
        }

        private static bool Binds(PropertyInfo property, ParameterInfo parameter) =>
            string.Equals(property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) && property.PropertyType == parameter.ParameterType;

        private static WireType Describe(Type owner, PropertyInfo property, Func<Type, WireType> describe)
        {
            try
            {
                return describe(property.PropertyType);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"{Name(owner)}.{property.Name}: {e.Message}", e);
            }
        }

        private sealed class Member
        {
            private readonly PropertyInfo? _property;
            private readonly FieldInfo? _field;

            public Member(PropertyInfo property, WireType wire)
            {
                _property = property;
                Wire = wire;
            }

            public Member(FieldInfo field, WireType wire)
            {
                _field = field;
                Wire = wire;
            }

            public WireType Wire { get; }

            public object? Get(object owner) => _property is not null ? _property.GetValue(owner) : _field!.GetValue(owner);

            public void Set(object owner, object? value)
            {
                if (_property is not null)
                {
                    _property.SetValue(owner, value);
                }
                else
                {
                    _field!.SetValue(owner, value);
                }
            }
        }
    }
}
