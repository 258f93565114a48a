namespace Cni.Runtime;

/// <summary>The arguments of a GC: the attachments that are still valid (Go's <c>libcni.GCArgs</c>).</summary>
/// <param name="ValidAttachments">
/// The attachments to keep. Every cached attachment of the network not listed here is deleted; null is sent
/// to plugins as JSON <c>null</c>, like Go's nil slice.
/// </param>
public sealed record GCArgs(IReadOnlyList<Attachment>? ValidAttachments);
