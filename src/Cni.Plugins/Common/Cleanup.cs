namespace Cni.Plugins.Common;

/// <summary>Best-effort undo steps on a failure path: they must not hide the error that got us there.</summary>
internal static class Cleanup
{
    public static void Try(Action undo)
    {
        try
        {
            undo();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("cleanup after a failed operation: " + e.Message);
        }
    }
}
