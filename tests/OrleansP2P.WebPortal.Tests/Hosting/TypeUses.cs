using System.Reflection;
using System.Reflection.Emit;

namespace OrleansP2P.WebPortal.Tests.Hosting;

/// <summary>
/// Which types and members of one assembly the code of another uses: in signatures, base types, attributes,
/// locals and every token of the method bodies (calls, fields, casts, typeof). What a compiler-generated type
/// (a lambda's closure, an async state machine) uses is counted for the type it was written in.
/// </summary>
internal static class TypeUses
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>"Writer uses member" for each use, in <paramref name="user"/>, of something from <paramref name="used"/>.</summary>
    public static IReadOnlyList<string> Of(Assembly user, Assembly used, Func<Type, bool> include) =>
        [.. user.GetTypes()
            .Where(t => include(Writer(t)))
            .SelectMany(t => UsesIn(t).Where(u => u.From(used)).Select(u => $"{Writer(t).FullName} uses {u.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>The type a nested compiler-generated type belongs to: the outermost declaring type.</summary>
    public static Type Writer(Type type) => type.DeclaringType is { } outer ? Writer(outer) : type;

    private sealed record Use(string Name, Func<Assembly, bool> From);

    private static IEnumerable<Use> UsesIn(Type type)
    {
        foreach (var t in new[] { type.BaseType }.Concat(type.GetInterfaces()).OfType<Type>())
        {
            yield return Of(t);
        }

        foreach (var a in Attributes(type.GetCustomAttributesData()))
        {
            yield return a;
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return Of(field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            yield return Of(property.PropertyType);
            foreach (var a in Attributes(property.GetCustomAttributesData()))
            {
                yield return a;
            }
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            foreach (var use in UsesIn(method))
            {
                yield return use;
            }
        }
    }

    private static IEnumerable<Use> UsesIn(MethodBase method)
    {
        if (method is MethodInfo info)
        {
            yield return Of(info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            yield return Of(parameter.ParameterType);
        }

        if (method.GetMethodBody() is not { } body)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return Of(local.LocalType);
        }

        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(body.GetILAsByteArray() ?? []))
        {
            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(token, typeArgs, methodArgs);
            }
            catch (ArgumentException)
            {
                continue; // a string or signature token
            }

            if (member is not null)
            {
                yield return Of(member);
            }
        }
    }

    private static IEnumerable<Use> Attributes(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => a.ConstructorArguments.Select(c => Of(c.ArgumentType)).Prepend(Of(a.AttributeType)));

    /// <summary>The metadata tokens an IL body refers to (members, types, fields; not strings or signatures).</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    i += 4;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
            }
        }
    }

    private static Use Of(MemberInfo member) => member switch
    {
        Type t => new(t.FullName ?? t.Name, a => Mentions(t, a)),
        MethodBase m => new($"{m.DeclaringType?.FullName}.{m.Name}", a =>
            (m.DeclaringType is { } d && Mentions(d, a))
            || (m.IsGenericMethod && m.GetGenericArguments().Any(g => Mentions(g, a)))
            || (m is MethodInfo i && Mentions(i.ReturnType, a))
            || m.GetParameters().Any(p => Mentions(p.ParameterType, a))),
        FieldInfo f => new($"{f.DeclaringType?.FullName}.{f.Name}", a => (f.DeclaringType is { } d && Mentions(d, a)) || Mentions(f.FieldType, a)),
        _ => new(member.Name, _ => false),
    };

    /// <summary>A type from <paramref name="assembly"/>, or built from one (an array of it, a list of it).</summary>
    private static bool Mentions(Type type, Assembly assembly) =>
        type.HasElementType
            ? Mentions(type.GetElementType()!, assembly)
            : !type.IsGenericParameter && (type.Assembly == assembly || (type.IsGenericType && type.GetGenericArguments().Any(g => Mentions(g, assembly))));
}
