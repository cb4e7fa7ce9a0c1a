using FsCheck;
using FsCheck.Fluent;

namespace OrgSync.Core.Tests.Planning;

/// <summary>Runs a property inside an xunit fact (FsCheck 3 without FsCheck.Xunit); a failure throws with the counterexample.</summary>
internal static class Properties
{
    public static void Check<T>(Gen<T> generator, Action<T> property, int maxTest = 200) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), Prop.ForAll(generator.ToArbitrary(), property));
}
