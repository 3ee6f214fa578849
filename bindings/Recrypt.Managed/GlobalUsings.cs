global using Fp = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.PModulus>;
global using Fr = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.RModulus>;
