using System.Reflection;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>Routes <see cref="IPeerClientGrain"/> calls to the <see cref="FakePeer"/> method with the same signature.</summary>
public class PeerGrainProxy : DispatchProxy
{
    internal FakePeer Target { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var parameters = targetMethod.GetParameters().Select(p => p.ParameterType).ToArray();
        var implementation = typeof(FakePeer).GetMethod(targetMethod.Name, parameters)
            ?? throw new NotSupportedException($"The component called IPeerClientGrain.{targetMethod.Name}, which this fake does not serve.");
        return implementation.Invoke(Target, args);
    }
}
