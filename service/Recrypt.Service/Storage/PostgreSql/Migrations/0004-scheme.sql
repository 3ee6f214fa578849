-- The deployment's recrypt curve (Scheme:Curve, issue 13): recorded once, when a service first starts on the
-- database; a service configured for the other curve refuses it. A database that already holds identities was
-- made before the record existed, by an Api256 service.

CREATE TABLE scheme (
    id    boolean PRIMARY KEY DEFAULT true CHECK (id),
    curve text    NOT NULL CHECK (curve IN ('Api256', 'Api480'))
);
INSERT INTO scheme (curve) SELECT 'Api256' WHERE EXISTS (SELECT 1 FROM identities);
