using System.Runtime.CompilerServices;

// Every native signature is blittable (pointers, nuint, uint, int and enums over int), so no
// marshalling code runs at the boundary: see Interop/NativeMethods.g.cs.
[assembly: DisableRuntimeMarshalling]

[assembly: InternalsVisibleTo("Recrypt.Tests")]
