using System.Runtime.CompilerServices;

// Hot arithmetic uses stackalloc and large struct locals; none of them is read before it is written.
[module: SkipLocalsInit]
